package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records one fact in a person's case; answers the {@link FactReceipt}. */
public record RecordCaseFact(@TargetAggregateIdentifier Pseudonym person, CaseFact fact) {
}

package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

public record AssignParticipant(@TargetAggregateIdentifier PilotId pilotId, Pseudonym person,
                                CaseworkerId caseworker, LocalDate effectiveDate) {
}

package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.AssignmentEndReason;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** Ends the person's current assignment; {@code effectiveDate} is the first day without it. */
public record EndAssignment(@TargetAggregateIdentifier PilotId pilotId, Pseudonym person, LocalDate effectiveDate,
                            AssignmentEndReason reason) {
}

package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.AssignmentEndReason;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A participant's assignment to {@code caseworker}, valid from {@code assignedFrom}, ended: {@code effectiveDate}
 * is the first day without it (an assignment covers [assignedFrom, effectiveDate)).
 */
@Revision("1")
public record AssignmentEnded(PilotId pilotId, Pseudonym person, CaseworkerId caseworker, LocalDate assignedFrom,
                              LocalDate effectiveDate, AssignmentEndReason reason) {
}

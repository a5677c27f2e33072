package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A participant was given to a caseworker from {@code effectiveDate} on (valid time) until an
 * {@link AssignmentEnded} names the first day without it.
 *
 * <p>{@code previousCaseworker}: events recorded before assignments could end (and before
 * {@code effectiveDate} could be chosen: it is the day of recording in Europe/Berlin) moved a participant in one
 * step; then it names the caseworker whose assignment ended on this {@code effectiveDate}. Such an event is read
 * as that end plus this assignment. Since {@link AssignmentEnded} exists a reassignment is an explicit end
 * followed by a new assignment, and this field is null.
 */
@Revision("1")
public record ParticipantAssigned(PilotId pilotId, Pseudonym person, CaseworkerId caseworker,
                                  CaseworkerId previousCaseworker, LocalDate effectiveDate) {
}

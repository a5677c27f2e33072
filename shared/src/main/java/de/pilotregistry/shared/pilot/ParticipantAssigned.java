package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** A participant was given to a caseworker; {@code previousCaseworker} is null for a first assignment. */
@Revision("1")
public record ParticipantAssigned(PilotId pilotId, Pseudonym person, CaseworkerId caseworker,
                                  CaseworkerId previousCaseworker, LocalDate effectiveDate) {
}

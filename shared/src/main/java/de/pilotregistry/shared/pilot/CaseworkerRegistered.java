package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record CaseworkerRegistered(PilotId pilotId, CaseworkerId caseworker, String name, LocalDate effectiveDate) {
}

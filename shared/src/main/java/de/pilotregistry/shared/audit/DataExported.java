package de.pilotregistry.shared.audit;

import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Someone exported a pilot's data set: who, which pilot, as of which times, which files and how many rows. */
@Revision("1")
public record DataExported(PilotId pilotId, String exportedBy, LocalDate validAt, Instant knownAt, List<String> files,
                           long persons, long facts) {
}

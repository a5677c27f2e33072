package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/** A pilot was defined; {@code seedCommitment} is the SHA-256 of the secret draw seed, revealed by {@link GroupsDrawn}. */
@Revision("1")
public record PilotDefined(PilotId pilotId, String name, String jobcenter, String site,
                           LocalDate start, LocalDate end, int caseloadRatio, int participantPlaces,
                           Eligibility eligibility, List<StratumVariable> strata, String seedCommitment,
                           LocalDate effectiveDate) {
}

package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * The participant and comparison groups were drawn. The event reveals the seed, so anyone can check it
 * against the commitment in {@link PilotDefined} and repeat the draw with {@code algorithm}.
 */
@Revision("1")
public record GroupsDrawn(PilotId pilotId, String seed, String algorithm, List<Pseudonym> participants,
                          List<Pseudonym> comparison, List<StratumAllocation> strata, LocalDate effectiveDate) {
}

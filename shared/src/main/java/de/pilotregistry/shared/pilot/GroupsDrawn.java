package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * The participant and comparison groups were drawn. The event reveals the seed, so anyone can check it
 * against the commitment in {@link PilotDefined} and repeat the draw with {@code algorithm}, over the eligible
 * population less the {@code excluded} persons (already in a group of an overlapping pilot). Revision 1 events
 * have no exclusions.
 */
@Revision("2")
public record GroupsDrawn(PilotId pilotId, String seed, String algorithm, List<Pseudonym> participants,
                          List<Pseudonym> comparison, List<StratumAllocation> strata, LocalDate effectiveDate,
                          List<DrawExclusion> excluded) {

    public GroupsDrawn {
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
    }

    /** A draw without exclusions. */
    public GroupsDrawn(PilotId pilotId, String seed, String algorithm, List<Pseudonym> participants,
                       List<Pseudonym> comparison, List<StratumAllocation> strata, LocalDate effectiveDate) {
        this(pilotId, seed, algorithm, participants, comparison, strata, effectiveDate, List.of());
    }
}

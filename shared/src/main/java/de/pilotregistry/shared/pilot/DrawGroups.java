package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/**
 * Draws the groups with the seed committed at definition (hex); answers {@link GroupsDrawn}. {@code inOverlappingPilots}
 * names the persons of the population already in a group of a pilot whose period overlaps this one's: they are not
 * eligible.
 */
public record DrawGroups(@TargetAggregateIdentifier PilotId pilotId, String seed, LocalDate effectiveDate,
                         List<DrawExclusion> inOverlappingPilots) {

    public DrawGroups {
        inOverlappingPilots = inOverlappingPilots == null ? List.of() : List.copyOf(inOverlappingPilots);
    }

    /** A draw of a pilot none of whose persons is in an overlapping pilot's group. */
    public DrawGroups(PilotId pilotId, String seed, LocalDate effectiveDate) {
        this(pilotId, seed, effectiveDate, List.of());
    }
}

package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** Draws the groups with the seed committed at definition (hex); answers {@link GroupsDrawn}. */
public record DrawGroups(@TargetAggregateIdentifier PilotId pilotId, String seed, LocalDate effectiveDate) {
}

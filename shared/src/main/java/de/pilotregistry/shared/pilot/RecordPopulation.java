package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Records a validated population file; with {@code dryRun} only counts what would change. Answers {@link PopulationRecorded}. */
public record RecordPopulation(@TargetAggregateIdentifier PilotId pilotId, List<PopulationMember> members,
                               boolean dryRun) {
}

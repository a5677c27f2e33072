package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

public record DefinePilot(@TargetAggregateIdentifier PilotId pilotId, String name, String jobcenter, String site,
                          LocalDate start, LocalDate end, int caseloadRatio, int participantPlaces,
                          Eligibility eligibility, List<StratumVariable> strata, String seedCommitment,
                          LocalDate effectiveDate) {
}

package de.pilotregistry.command.population;

import de.pilotregistry.command.web.CsvFiles;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.pilot.PopulationMember;
import de.pilotregistry.shared.pilot.PopulationRecorded;
import de.pilotregistry.shared.pilot.RecordPopulation;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;

/** Population import: one CSV file, stored whole or not at all. */
@RestController
class PopulationController {

    private final CommandGateway commands;
    private final Clock clock;

    PopulationController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping(path = "/api/pilots/{pilotId}/population", consumes = "text/csv")
    @PreAuthorize("hasRole('DATA_STEWARD')")
    PopulationRecorded importPopulation(@PathVariable String pilotId,
                                        @RequestParam(defaultValue = "false") boolean dryRun,
                                        HttpServletRequest request) throws IOException {
        PilotId pilot = Fields.pilotId(pilotId);
        List<PopulationMember> members;
        try (BufferedReader csv = CsvFiles.utf8(request.getInputStream())) {
            members = PopulationCsv.read(csv, YearMonth.now(clock));
        }
        return commands.sendAndWait(new RecordPopulation(pilot, members, dryRun));
    }
}

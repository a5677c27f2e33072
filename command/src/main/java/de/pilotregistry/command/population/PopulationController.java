package de.pilotregistry.command.population;

import de.pilotregistry.command.directory.PersonDirectory;
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

    /**
     * What an import stored; {@code sharedWithOtherPilots}: how many persons of the file are in the population of
     * another pilot (their facts count in each; a draw leaves out those in a group of an overlapping pilot).
     */
    record Imported(int accepted, int unchanged, long sharedWithOtherPilots) {
    }

    private final CommandGateway commands;
    private final PersonDirectory directory;
    private final Clock clock;

    PopulationController(CommandGateway commands, PersonDirectory directory, Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.clock = clock;
    }

    @PostMapping(path = "/api/pilots/{pilotId}/population", consumes = "text/csv")
    @PreAuthorize("hasRole('DATA_STEWARD')")
    Imported importPopulation(@PathVariable String pilotId,
                                        @RequestParam(defaultValue = "false") boolean dryRun,
                                        HttpServletRequest request) throws IOException {
        PilotId pilot = Fields.pilotId(pilotId);
        List<PopulationMember> members;
        try (BufferedReader csv = CsvFiles.utf8(request.getInputStream())) {
            members = PopulationCsv.read(csv, YearMonth.now(clock));
        }
        PopulationRecorded recorded = commands.sendAndWait(new RecordPopulation(pilot, members, dryRun));
        return new Imported(recorded.accepted(), recorded.unchanged(), directory.inOtherPilots(pilot.value(),
                members.stream().map(member -> member.person().value()).toList()));
    }
}

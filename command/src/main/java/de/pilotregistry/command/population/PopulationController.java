package de.pilotregistry.command.population;

import de.pilotregistry.command.delivery.Deliveries;
import de.pilotregistry.command.directory.PersonDirectory;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.command.web.Uploads;
import de.pilotregistry.shared.ids.PilotId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/** Population import: one CSV file, stored whole or not at all. */
@RestController
class PopulationController {

    /**
     * What an import stored; {@code sharedWithOtherPilots}: how many persons of the pilot's population (as stored) are
     * in the population of another pilot (their facts count in each; a draw leaves out those in a group of an
     * overlapping pilot).
     */
    record Imported(int accepted, int unchanged, long sharedWithOtherPilots) {
    }

    private final PopulationImport populationImport;
    private final Uploads uploads;
    private final PersonDirectory directory;

    PopulationController(PopulationImport populationImport, Uploads uploads, PersonDirectory directory) {
        this.populationImport = populationImport;
        this.uploads = uploads;
        this.directory = directory;
    }

    @PostMapping(path = "/api/pilots/{pilotId}/population", consumes = "text/csv")
    @PreAuthorize("hasRole('DATA_STEWARD')")
    Imported importPopulation(@PathVariable String pilotId, @RequestParam(defaultValue = "false") boolean dryRun,
                              HttpServletRequest request, Authentication user) throws IOException {
        PilotId pilot = Fields.pilotId(pilotId);
        String source = Deliveries.source(request.getHeader(Deliveries.SOURCE_HEADER));
        try (Uploads.Upload file = uploads.spool(request.getInputStream())) {
            PopulationImport.Result result = populationImport.importFile(pilot, file, dryRun, source, user.getName());
            return new Imported(result.accepted(), result.unchanged(), directory.sharedWithOtherPilots(pilot.value()));
        }
    }
}

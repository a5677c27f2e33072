package de.pilotregistry.command.population;

import de.pilotregistry.command.web.Fields;
import de.pilotregistry.command.web.Uploads;
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

    private final PopulationImport populationImport;
    private final Uploads uploads;

    PopulationController(PopulationImport populationImport, Uploads uploads) {
        this.populationImport = populationImport;
        this.uploads = uploads;
    }

    @PostMapping(path = "/api/pilots/{pilotId}/population", consumes = "text/csv")
    @PreAuthorize("hasRole('DATA_STEWARD')")
    PopulationImport.Result importPopulation(@PathVariable String pilotId,
                                             @RequestParam(defaultValue = "false") boolean dryRun,
                                             HttpServletRequest request, Authentication user) throws IOException {
        try (Uploads.Upload file = uploads.spool(request.getInputStream())) {
            return populationImport.importFile(Fields.pilotId(pilotId), file, dryRun, user.getName());
        }
    }
}

package de.pilotregistry.query.replay;

import de.pilotregistry.platform.Excerpt;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/** Rebuild a read model from the first event while the old one keeps answering; watch its progress. */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class ReplayController {

    private final RebuildableProjections projections;
    private final ProjectionRebuild rebuild;

    ReplayController(RebuildableProjections projections, ProjectionRebuild rebuild) {
        this.projections = projections;
        this.rebuild = rebuild;
    }

    @GetMapping("/api/admin/projections")
    List<ProjectionRebuild.Progress> all() {
        return projections.names().stream().map(rebuild::progress).toList();
    }

    @PostMapping("/api/admin/projections/{name}/replay")
    ResponseEntity<ProjectionRebuild.Progress> replay(@PathVariable String name) {
        RebuildableProjections.Projection projection = projection(name);
        if (!rebuild.start(projection)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "A rebuild is already running; one at a time.");
        }
        return ResponseEntity.accepted().body(rebuild.progress(name));
    }

    @GetMapping("/api/admin/projections/{name}/replay")
    ProjectionRebuild.Progress progress(@PathVariable String name) {
        return rebuild.progress(projection(name).name());
    }

    private RebuildableProjections.Projection projection(String name) {
        return projections.named(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No projection '" + Excerpt.of(name) + "'; there are " + projections.names() + "."));
    }
}

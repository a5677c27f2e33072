package de.pilotregistry.query.replay;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.support.ProjectionFailures;
import de.pilotregistry.query.support.ReadModelProgress;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;

/** Rebuild a read model from the first event while the old one keeps answering; watch its progress. */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class ReplayController {

    private final RebuildableProjections projections;
    private final ProjectionRebuild rebuild;
    private final ReadModelProgress progress;
    private final ProjectionFailures failures;

    ReplayController(RebuildableProjections projections, ProjectionRebuild rebuild, ReadModelProgress progress,
                     ProjectionFailures failures) {
        this.projections = projections;
        this.rebuild = rebuild;
        this.progress = progress;
        this.failures = failures;
    }

    /** One projection: where each segment's token stands, what holds it back, and its last rebuild. */
    record ProjectionState(String projection, Map<Integer, Long> segments, List<ProjectionFailures.Failure> failures,
                           ProjectionRebuild.Progress rebuild) {
    }

    @GetMapping("/api/admin/projections")
    List<ProjectionState> all() {
        Map<String, Map<Integer, Long>> tokens = progress.tokens();
        List<ProjectionFailures.Failure> standing = progress.standingFailures(failures);
        return projections.names().stream().map(name -> new ProjectionState(name,
                tokens.getOrDefault(name, Map.of()),
                standing.stream().filter(f -> f.processor().equals(name)).toList(),
                rebuild.progress(name))).toList();
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

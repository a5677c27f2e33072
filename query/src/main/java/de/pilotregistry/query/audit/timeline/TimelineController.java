package de.pilotregistry.query.audit.timeline;

import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.TimeParameters;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** What the registry knew about a person and when, who recorded it and by which request (docs/auditing.md). */
@RestController
class TimelineController {

    private final PersonTimeline timeline;
    private final TimeParameters time;

    TimelineController(PersonTimeline timeline, TimeParameters time) {
        this.timeline = timeline;
        this.time = time;
    }

    @GetMapping("/api/audit/persons/{person}/timeline")
    @PreAuthorize("hasRole('AUDITOR')")
    PersonTimeline.Timeline timeline(@PathVariable String person, @RequestParam(required = false) String knownAt) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        Instant known = time.requestedKnownAt(knownAt, problems);
        TimeParameters.throwIfAny(problems);
        return timeline.of(person, known);
    }
}

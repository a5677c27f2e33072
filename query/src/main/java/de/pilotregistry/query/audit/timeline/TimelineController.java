package de.pilotregistry.query.audit.timeline;

import de.pilotregistry.query.audit.access.AccessLog;
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
    private final AccessLog access;

    TimelineController(PersonTimeline timeline, TimeParameters time, AccessLog access) {
        this.timeline = timeline;
        this.time = time;
        this.access = access;
    }

    @GetMapping("/api/audit/persons/{person}/timeline")
    @PreAuthorize("hasRole('AUDITOR')")
    PersonTimeline.Timeline timeline(@PathVariable String person, @RequestParam(required = false) String knownAt) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        Instant known = time.requestedKnownAt(knownAt, problems);
        TimeParameters.throwIfAny(problems);
        PersonTimeline.Timeline answer = timeline.of(person, known);
        access.record(null, answer.events().isEmpty() ? 0 : 1, person);
        return answer;
    }
}

package de.pilotregistry.query.audit.replay;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.platform.ProblemLimits;
import de.pilotregistry.query.audit.access.AccessLog;
import de.pilotregistry.query.audit.store.EventTable;
import de.pilotregistry.query.audit.store.RecordedEvent;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import de.pilotregistry.query.support.TimeParameters;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A pilot replayed from its events to a moment, and compared with the live read model for the same point: how an
 * auditor checks the read side instead of trusting it (docs/auditing.md).
 */
@RestController
class AuditReplayController {

    private final EventTable events;
    private final CaseStates live;
    private final TimeParameters time;
    private final ReadConsistency consistency;
    private final AccessLog access;

    AuditReplayController(EventTable events, CaseStates live, TimeParameters time, ReadConsistency consistency,
                          AccessLog access) {
        this.events = events;
        this.live = live;
        this.time = time;
        this.consistency = consistency;
        this.access = access;
    }

    @GetMapping("/api/audit/pilots/{pilotId}/replay")
    @PreAuthorize("hasRole('AUDITOR')")
    PilotReplay.Replayed replay(@PathVariable String pilotId, @RequestParam(required = false) String knownAt,
                                @RequestParam(required = false) String validAt) {
        PilotReplay.Replayed replayed = replay(pilotId, point(knownAt, validAt));
        access.record(pilotId, replayed.persons().size(), null);
        return replayed;
    }

    @GetMapping("/api/audit/pilots/{pilotId}/compare")
    @PreAuthorize("hasRole('AUDITOR')")
    ReadSideCheck.Comparison compare(@PathVariable String pilotId, @RequestParam(required = false) String knownAt,
                                     @RequestParam(required = false) String validAt) {
        Point point = point(knownAt, validAt);
        PilotReplay.Replayed replayed = replay(pilotId, point);
        ReadSideCheck.Comparison comparison = ReadSideCheck.compare(replayed,
                live.of(pilotId, point.valid(), point.known()), ProblemLimits.MAX_PROBLEMS);
        access.record(pilotId, replayed.persons().size(), null);
        return comparison;
    }

    private record Point(LocalDate valid, Instant known) {
    }

    /** knownAt settled like every bitemporal view (default the horizon; later waits for it): the answer is final. */
    private Point point(String knownAt, String validAt) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        LocalDate valid = time.date("validAt", validAt, time.today(), problems);
        Instant requested = time.requestedKnownAt(knownAt, problems);
        TimeParameters.throwIfAny(problems);
        return new Point(valid, consistency.settle(requested).at());
    }

    private PilotReplay.Replayed replay(String pilotId, Point point) {
        List<RecordedEvent> pilot = events.pilotEvents(pilotId);
        Set<String> persons = new TreeSet<>();
        pilot.stream().filter(e -> e.payload() instanceof PopulationMemberRecorded)
                .forEach(e -> persons.add(((PopulationMemberRecorded) e.payload()).person().value()));
        PilotReplay.Replayed replayed = PilotReplay.replay(pilotId, pilot, events.caseFiles(persons), point.valid(),
                point.known());
        if (replayed == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No pilot with id '" + Excerpt.of(pilotId)
                    + "' was recorded by " + point.known() + ".");
        }
        return replayed;
    }
}

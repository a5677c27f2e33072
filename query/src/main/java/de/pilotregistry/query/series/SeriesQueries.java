package de.pilotregistry.query.series;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import de.pilotregistry.query.support.TimeParameters;
import de.pilotregistry.shared.codes.Group;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Month by month: how many of each group are still receiving, exited, and employed, on {@code from}, the first of
 * every month after it, and {@code to} (docs/outcome-definitions.md, "Series").
 */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN')")
class SeriesQueries {

    /** {@code count} persons of the group, {@code share} of its {@code n} members drawn (null without members). */
    record Figure(long count, Double share) {
    }

    record GroupShares(long n, Figure receiving, Figure exited, Figure employed) {
    }

    record Point(LocalDate date, GroupShares participant, GroupShares comparison) {
    }

    record Series(String pilot, LocalDate from, LocalDate to, String step, Instant knownAt, List<Point> points) {
    }

    private static final int MAX_POINTS = 240;

    private final CaseStates states;
    private final PilotFacts pilots;
    private final TimeParameters time;
    private final ReadConsistency consistency;

    SeriesQueries(CaseStates states, PilotFacts pilots, TimeParameters time, ReadConsistency consistency) {
        this.states = states;
        this.pilots = pilots;
        this.time = time;
        this.consistency = consistency;
    }

    @GetMapping("/api/pilots/{pilotId}/series")
    Series series(@PathVariable String pilotId, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, @RequestParam(defaultValue = "month") String step,
                  @RequestParam(required = false) String knownAt) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        LocalDate fromDate = time.date("from", from, null, problems);
        LocalDate toDate = time.date("to", to, null, problems);
        Instant requestedKnown = time.requestedKnownAt(knownAt, problems);
        if (!"month".equals(step)) {
            problems.add(new BadQuery.Problem("step", "'" + Excerpt.of(step) + "' is not a step (use: month)"));
        }
        TimeParameters.throwIfAny(problems);
        ReadConsistency.Known settled = consistency.settle(requestedKnown);
        Instant known = settled.at();
        PilotFacts.Pilot pilot = pilots.get(pilotId);
        LocalDate start = fromDate != null ? fromDate : pilot.start();
        LocalDate end = toDate != null ? toDate : pilot.endOrToday(time.today());
        if (start.isAfter(end)) {
            throw new BadQuery("from", "from (" + start + ") lies after to (" + end + ")");
        }
        if (start.plusMonths(MAX_POINTS).isBefore(end)) {
            throw new BadQuery("to", "at most " + MAX_POINTS + " months per series");
        }
        List<LocalDate> dates = new ArrayList<>();
        dates.add(start);
        for (LocalDate first = start.withDayOfMonth(1).plusMonths(1); first.isBefore(end); first = first.plusMonths(1)) {
            dates.add(first);
        }
        if (end.isAfter(start)) {
            dates.add(end);
        }
        List<Point> points = new ArrayList<>();
        states.statusOn(pilotId, dates, known).forEach((date, all) ->
                points.add(new Point(date, shares(all, Group.PARTICIPANT), shares(all, Group.COMPARISON))));
        return new Series(pilotId, start, end, step, known, points);
    }

    private static GroupShares shares(List<CaseStates.PersonState> all, Group group) {
        List<CaseStates.PersonState> members = all.stream().filter(s -> s.group() == group).toList();
        long n = members.size();
        long receiving = members.stream().filter(CaseStates.PersonState::entitled).count();
        long employed = members.stream().filter(s -> s.employmentType() != null).count();
        return new GroupShares(n, figure(receiving, n), figure(n - receiving, n), figure(employed, n));
    }

    private static Figure figure(long count, long n) {
        return new Figure(count, n == 0 ? null : (double) count / n);
    }
}

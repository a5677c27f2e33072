package de.pilotregistry.query.series;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import de.pilotregistry.query.support.SmallCounts;
import de.pilotregistry.query.support.TimeParameters;
import de.pilotregistry.shared.codes.Group;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Month by month: how many of each group are still receiving, exited, and employed, on {@code from}, the first of
 * every month after it, and {@code to} (docs/outcome-definitions.md, "Series"). Small counts are suppressed for
 * evaluators as one {@link SmallCounts} over all points: per point and group, receiving + exited = n and employed +
 * not employed = n.
 */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN')")
class SeriesQueries {

    /**
     * {@code count} persons of the group, {@code share} of its {@code n} members drawn (null without members);
     * {@code suppressed} names the fields left null as small counts.
     */
    record Figure(Long count, Double share, List<String> suppressed) {
    }

    /** {@code suppressed}: {@code n} when the group has 1 or 2 members (then every figure of it is left out too). */
    record GroupShares(Long n, Figure receiving, Figure exited, Figure employed, List<String> suppressed) {
    }

    record Point(LocalDate date, GroupShares participant, GroupShares comparison) {
    }

    record Series(String pilot, LocalDate from, LocalDate to, String step, Instant knownAt, List<Point> points) {
    }

    private static final int MAX_POINTS = 240;
    private static final List<Group> GROUPS = List.of(Group.PARTICIPANT, Group.COMPARISON);

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
                  @RequestParam(required = false) String knownAt, Authentication user) {
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
        SmallCounts cells = new SmallCounts();
        Map<LocalDate, List<CaseStates.PersonState>> status = states.statusOn(pilotId, dates, known);
        status.forEach((date, all) -> {
            for (Group group : GROUPS) {
                count(cells, date, group, all);
            }
        });
        Set<String> hidden = cells.suppressed(SmallCounts.exactFor(user));
        List<Point> points = new ArrayList<>();
        status.forEach((date, all) -> points.add(new Point(date, shares(cells, hidden, date, Group.PARTICIPANT),
                shares(cells, hidden, date, Group.COMPARISON))));
        return new Series(pilotId, start, end, step, known, points);
    }

    private static void count(SmallCounts cells, LocalDate date, Group group, List<CaseStates.PersonState> all) {
        List<CaseStates.PersonState> members = all.stream().filter(s -> s.group() == group).toList();
        long n = members.size();
        long receiving = members.stream().filter(CaseStates.PersonState::entitled).count();
        long employed = members.stream().filter(s -> s.employmentType() != null).count();
        cells.cell(cell(date, group, "n"), n).cell(cell(date, group, "receiving"), receiving)
                .cell(cell(date, group, "exited"), n - receiving).cell(cell(date, group, "employed"), employed)
                .cell(cell(date, group, "notEmployed"), n - employed)
                .line(List.of(cell(date, group, "receiving"), cell(date, group, "exited")), cell(date, group, "n"))
                .line(List.of(cell(date, group, "employed"), cell(date, group, "notEmployed")), cell(date, group, "n"));
    }

    private static GroupShares shares(SmallCounts cells, Set<String> hidden, LocalDate date, Group group) {
        String members = cell(date, group, "n");
        if (hidden.contains(members)) {
            Figure none = new Figure(null, null, List.of("count", "share"));
            return new GroupShares(null, none, none, none, List.of("n"));
        }
        long n = cells.value(members);
        return new GroupShares(n, figure(cells, hidden, cell(date, group, "receiving"), n),
                figure(cells, hidden, cell(date, group, "exited"), n),
                figure(cells, hidden, cell(date, group, "employed"), n), List.of());
    }

    private static Figure figure(SmallCounts cells, Set<String> hidden, String cell, long n) {
        if (hidden.contains(cell)) {
            return new Figure(null, null, List.of("count", "share"));
        }
        long count = cells.value(cell);
        return new Figure(count, n == 0 ? null : (double) count / n, List.of());
    }

    private static String cell(LocalDate date, Group group, String measure) {
        return date + "|" + group + "|" + measure;
    }
}

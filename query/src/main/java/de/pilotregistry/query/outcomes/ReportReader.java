package de.pilotregistry.query.outcomes;

import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.SmallCounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The council report of one pilot or several pooled: the CONSORT-style flow, the balance at the draw, the outcome
 * table with effects, the stratified summary, the time points and whether figures are provisional. Small counts are
 * suppressed as in the outcome and balance answers; a pilot's flow and balance are one system of {@link SmallCounts}
 * (the flow's groups are the balance's group totals), so neither recovers a cell hidden in the other
 * (docs/outcome-definitions.md, "Council report", "Small counts").
 */
@Component
class ReportReader {

    static final String SUPPRESSION = "Counts of 1 or 2 are left out, with as many others as it takes so that none "
            + "follows from totals or other cells, and so are the shares, effects and means computed from them; "
            + "each table names what it leaves out in 'suppressed'.";
    static final String EXACT = "Exact counts: small counts are not suppressed for this reader.";

    /** One pilot's way from its population to the groups analysed. */
    record Flow(String pilot, Long population, Long notEligible, Long eligible, Long inOverlappingPilotGroup,
                Long notDrawn, Long randomized, Long participants, Long comparison, Long analysedParticipants,
                Long analysedComparison, List<String> exclusionReasons, List<String> suppressed) {
    }

    record OutcomeRow(String outcome, OutcomeTable.GroupFigure participant, OutcomeTable.GroupFigure comparison,
                      Double difference, double[] differenceCi95, Double ratio, double[] ratioCi95, Double fisherP,
                      boolean provisional, List<String> suppressed) {
    }

    record BalanceRow(String variable, String category, OutcomeTable.GroupFigure participant,
                      OutcomeTable.GroupFigure comparison, Double standardizedDifference, List<String> suppressed) {
    }

    record PilotPart(String pilot, String name, String site, LocalDate start, LocalDate end,
                     Instant drawnAt, Flow flow, List<BalanceRow> balance,
                     Double maxAbsoluteStandardizedDifference, List<BalanceReader.Covariate> covariates) {
    }

    record Report(List<String> pilots, Instant knownAt, List<OutcomeReader.Window> windows, boolean provisional,
                  LocalDate finalAfter, String counting, Long sharedPersons, List<PilotPart> parts,
                  List<OutcomeRow> outcomes, OutcomeReader.Stratified stratified, String suppression) {
    }

    private static final List<String> FLOW = List.of("population", "notEligible", "eligible",
            "inOverlappingPilotGroup", "notDrawn", "randomized");

    private final OutcomeReader outcomes;
    private final BalanceReader balances;
    private final PilotFacts pilots;
    private final JdbcTemplate jdbc;

    ReportReader(OutcomeReader outcomes, BalanceReader balances, PilotFacts pilots, JdbcTemplate jdbc) {
        this.outcomes = outcomes;
        this.balances = balances;
        this.pilots = pilots;
        this.jdbc = jdbc;
    }

    Report report(List<String> pilotIds, String months, String knownAt, boolean exact) {
        OutcomeReader.Outcomes read = outcomes.read(pilotIds, null, null, months, knownAt, null, pilotIds, exact);
        List<PilotPart> parts = new ArrayList<>();
        for (String pilotId : pilotIds) {
            PilotFacts.Pilot pilot = pilots.get(pilotId);
            SmallCounts cells = new SmallCounts();
            BalanceReader.Table table = balances.table(pilotId, cells, "");
            Flow flow = flow(pilotId, cells, table);
            Set<String> hidden = cells.suppressed(exact);
            BalanceReader.Balance balance = table.shown(hidden);
            List<BalanceRow> rows = new ArrayList<>();
            double max = 0;
            for (BalanceReader.Variable variable : balance.variables()) {
                for (BalanceReader.Category category : variable.categories()) {
                    rows.add(new BalanceRow(variable.variable(), category.category(),
                            figure(category.participant(), balance.participants()),
                            figure(category.comparison(), balance.comparison()),
                            category.standardizedDifference(), category.suppressed()));
                    // over the differences shown: a hidden one could be the largest
                    if (category.standardizedDifference() != null) {
                        max = Math.max(max, Math.abs(category.standardizedDifference()));
                    }
                }
            }
            parts.add(new PilotPart(pilotId, pilot.name(), pilot.site(), pilot.start(),
                    pilot.end(), pilot.drawnAt(), shown(flow, hidden, table), rows, max,
                    balance.covariates()));
        }
        List<OutcomeRow> rows = read.outcomes().stream().map(o -> new OutcomeRow(o.outcome(), o.participant(),
                o.comparison(), o.difference(), o.differenceCi95(), o.ratio(), o.ratioCi95(), o.fisherP(),
                o.provisional(), o.suppressed().stream().filter(field -> !field.startsWith("jobStarts")).toList()))
                .toList();
        return new Report(pilotIds, read.knownAt(), read.windows(), read.provisional(), read.finalAfter(),
                read.counting(), read.sharedPersons(), parts, rows, read.stratified(), exact ? EXACT : SUPPRESSION);
    }

    /** A balance count as a figure of its group: the count, the group's members and the share. */
    private static OutcomeTable.GroupFigure figure(BalanceReader.Count count, Long n) {
        List<String> flags = new ArrayList<>(count.suppressed().stream()
                .map(field -> field.equals("count") ? "persons" : field).toList());
        if (n == null) {
            flags.add("n");
        }
        return new OutcomeTable.GroupFigure(count.count(), n, count.share(), flags);
    }

    /** The flow without the {@code hidden} counts; the groups are the balance table's. */
    private static Flow shown(Flow flow, Set<String> hidden, BalanceReader.Table table) {
        List<String> flags = new ArrayList<>(FLOW.stream().filter(hidden::contains).toList());
        boolean hideT = hidden.contains(table.members(0));
        boolean hideC = hidden.contains(table.members(1));
        if (hideT) {
            flags.addAll(List.of("participants", "analysedParticipants"));
        }
        if (hideC) {
            flags.addAll(List.of("comparison", "analysedComparison"));
        }
        return new Flow(flow.pilot(), shown(flow.population(), "population", hidden),
                shown(flow.notEligible(), "notEligible", hidden), shown(flow.eligible(), "eligible", hidden),
                shown(flow.inOverlappingPilotGroup(), "inOverlappingPilotGroup", hidden),
                shown(flow.notDrawn(), "notDrawn", hidden), shown(flow.randomized(), "randomized", hidden),
                hideT ? null : flow.participants(), hideC ? null : flow.comparison(),
                hideT ? null : flow.analysedParticipants(), hideC ? null : flow.analysedComparison(),
                flow.exclusionReasons(), flags);
    }

    private static Long shown(Long count, String cell, Set<String> hidden) {
        return hidden.contains(cell) ? null : count;
    }

    /**
     * Everyone drawn is analysed in the group drawn (intention to treat), so nobody randomized drops out. The counts
     * go into {@code cells}: population = not eligible + eligible = not eligible + in an overlapping pilot's group +
     * not drawn + randomized, and randomized = the balance table's two groups.
     */
    private Flow flow(String pilotId, SmallCounts cells, BalanceReader.Table table) {
        Flow flow = jdbc.queryForObject("""
                        select count(*), count(*) filter (where m.eligible),
                               max(p.excluded_overlapping), max(p.min_months_24), bool_or(p.require_marginal)
                        from q_pilot p left join q_member m on m.pilot_id = p.pilot_id where p.pilot_id = ?""",
                (rs, row) -> {
                    long population = rs.getLong(1);
                    long eligible = rs.getLong(2);
                    long overlapping = rs.getLong(3);
                    // The groups as the balance table counted them, so that every line of the flow adds up.
                    long participants = table.nT();
                    long comparison = table.nC();
                    long randomized = participants + comparison;
                    List<String> reasons = new ArrayList<>();
                    reasons.add("not eligible: fewer than " + rs.getInt(4) + " of the last 24 months in receipt"
                            + (rs.getBoolean(5) ? ", or no marginal employment" : ""));
                    reasons.add("in the participant or comparison group of a pilot whose period overlaps");
                    reasons.add("not drawn: the places of the stratum were filled");
                    return new Flow(pilotId, population, population - eligible, eligible, overlapping,
                            eligible - overlapping - randomized, randomized, participants, comparison, participants,
                            comparison, reasons, List.of());
                }, pilotId);
        List<Long> counts = List.of(flow.population(), flow.notEligible(), flow.eligible(),
                flow.inOverlappingPilotGroup(), flow.notDrawn(), flow.randomized());
        for (int i = 0; i < FLOW.size(); i++) {
            cells.cell(FLOW.get(i), counts.get(i));
        }
        cells.line(List.of("notEligible", "eligible"), "population")
                .line(List.of("inOverlappingPilotGroup", "notDrawn", "randomized"), "eligible")
                .line(List.of(table.members(0), table.members(1)), "randomized");
        return flow;
    }
}

package de.pilotregistry.query.outcomes;

import de.pilotregistry.query.pilots.PilotFacts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The council report of one pilot or several pooled: the CONSORT-style flow, the balance at the draw, the outcome
 * table with effects, the stratified summary, the time points and whether figures are provisional. Counts from 1 to
 * 2 are shown as "<3" and their shares left out, as in the evaluator's summary tables (docs/outcome-definitions.md,
 * "Council report").
 */
@Component
class ReportReader {

    static final String SUPPRESSED = "<3";
    static final String SUPPRESSION = "Counts from 1 to 2 are shown as <3 and their shares are left out.";

    /** A count as published: the number, or "<3". */
    record Shown(Object persons, long n, Double share) {

        static Shown of(long count, long n, Double share) {
            boolean small = count >= 1 && count <= 2;
            return new Shown(small ? SUPPRESSED : count, n, small ? null : share);
        }
    }

    /** One pilot's way from its population to the groups analysed. */
    record Flow(String pilot, long population, long notEligible, long eligible, long inOverlappingPilotGroup,
                long notDrawn, long randomized, long participants, long comparison, long analysedParticipants,
                long analysedComparison, List<String> exclusionReasons) {
    }

    record OutcomeRow(String outcome, Shown participant, Shown comparison, Double difference,
                      double[] differenceCi95, Double ratio, double[] ratioCi95, Double fisherP,
                      boolean provisional) {
    }

    record BalanceRow(String variable, String category, Shown participant, Shown comparison,
                      Double standardizedDifference) {
    }

    record PilotPart(String pilot, String name, String site, LocalDate start, LocalDate end,
                     Instant drawnAt, Flow flow, List<BalanceRow> balance,
                     Double maxAbsoluteStandardizedDifference, List<BalanceReader.Covariate> covariates) {
    }

    record Report(List<String> pilots, Instant knownAt, List<OutcomeReader.Window> windows, boolean provisional,
                  LocalDate finalAfter, String counting, long sharedPersons, List<PilotPart> parts,
                  List<OutcomeRow> outcomes, OutcomeReader.Stratified stratified, String suppression) {
    }

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

    Report report(List<String> pilotIds, String months, String knownAt) {
        OutcomeReader.Outcomes read = outcomes.read(pilotIds, null, null, months, knownAt, null, pilotIds);
        List<PilotPart> parts = new ArrayList<>();
        for (String pilotId : pilotIds) {
            PilotFacts.Pilot pilot = pilots.get(pilotId);
            BalanceReader.Balance balance = balances.balance(pilotId);
            List<BalanceRow> rows = new ArrayList<>();
            double max = 0;
            for (BalanceReader.Variable variable : balance.variables()) {
                for (BalanceReader.Category category : variable.categories()) {
                    rows.add(new BalanceRow(variable.variable(), category.category(),
                            Shown.of(category.participant().count(), balance.participants(),
                                    category.participant().share()),
                            Shown.of(category.comparison().count(), balance.comparison(),
                                    category.comparison().share()),
                            category.standardizedDifference()));
                    if (category.standardizedDifference() != null) {
                        max = Math.max(max, Math.abs(category.standardizedDifference()));
                    }
                }
            }
            parts.add(new PilotPart(pilotId, pilot.name(), pilot.site(), pilot.start(),
                    pilot.end(), pilot.drawnAt(), flow(pilotId), rows, max, balance.covariates()));
        }
        List<OutcomeRow> rows = read.outcomes().stream().map(o -> new OutcomeRow(o.outcome(),
                Shown.of(o.participant().persons(), o.participant().n(), o.participant().share()),
                Shown.of(o.comparison().persons(), o.comparison().n(), o.comparison().share()),
                o.difference(), o.differenceCi95(), o.ratio(), o.ratioCi95(), o.fisherP(), o.provisional())).toList();
        return new Report(pilotIds, read.knownAt(), read.windows(), read.provisional(), read.finalAfter(),
                read.counting(), read.sharedPersons(), parts, rows, read.stratified(), SUPPRESSION);
    }

    /** Everyone drawn is analysed in the group drawn (intention to treat), so nobody randomized drops out. */
    private Flow flow(String pilotId) {
        return jdbc.queryForObject("""
                        select count(*), count(*) filter (where m.eligible),
                               count(*) filter (where m.grp = 'PARTICIPANT'),
                               count(*) filter (where m.grp = 'COMPARISON'),
                               max(p.excluded_overlapping), max(p.min_months_24), bool_or(p.require_marginal)
                        from q_pilot p left join q_member m on m.pilot_id = p.pilot_id where p.pilot_id = ?""",
                (rs, row) -> {
                    long population = rs.getLong(1);
                    long eligible = rs.getLong(2);
                    long participants = rs.getLong(3);
                    long comparison = rs.getLong(4);
                    long overlapping = rs.getLong(5);
                    long randomized = participants + comparison;
                    List<String> reasons = new ArrayList<>();
                    reasons.add("not eligible: fewer than " + rs.getInt(6) + " of the last 24 months in receipt"
                            + (rs.getBoolean(7) ? ", or no marginal employment" : ""));
                    reasons.add("in the participant or comparison group of a pilot whose period overlaps");
                    reasons.add("not drawn: the places of the stratum were filled");
                    return new Flow(pilotId, population, population - eligible, eligible, overlapping,
                            eligible - overlapping - randomized, randomized, participants, comparison, participants,
                            comparison, reasons);
                }, pilotId);
    }
}

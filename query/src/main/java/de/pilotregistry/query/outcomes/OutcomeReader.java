package de.pilotregistry.query.outcomes;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.cases.CaseStates.PersonState;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import de.pilotregistry.query.support.TimeParameters;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.Group;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outcomes of one pilot or several pooled: shares per group, crude effects with confidence intervals and Fisher's
 * exact test, and the Mantel-Haenszel summary over strata (the randomization strata of one pilot, or the pilots
 * pooled). Every rule is in docs/outcome-definitions.md.
 */
@Component
class OutcomeReader {

    /** The period over which one pilot's members are counted. */
    record Window(String pilot, LocalDate from, LocalDate to) {
    }

    /** {@code suppressed}: the contact densities left null as means over a small count of members. */
    record StratumOutcomes(String pilot, String stratum, List<OutcomeTable.Outcome> outcomes,
                           Map<String, Double> contactDensity, List<String> suppressed) {
    }

    /** The stratified summary: {@code by} PILOT (pooled) or STRATUM (the randomization strata of one pilot). */
    record Stratified(String by, List<OutcomeTable.StratifiedOutcome> outcomes) {
    }

    /**
     * {@code from} and {@code to} for one pilot; pooled pilots each have their own {@code windows}. {@code provisional}
     * when an exit counted on {@code to} could still turn out a break, until the day {@code finalAfter} has passed. {@code counting}
     * says what a unit is, {@code sharedPersons} how many persons are members of more than one of the pilots.
     * {@code suppressed} names the top-level fields left null as small counts ({@link SuppressedOutcomes}).
     */
    record Outcomes(Object pilot, LocalDate from, LocalDate to, List<Window> windows, Instant knownAt,
                    boolean provisional, LocalDate finalAfter, String counting, Long sharedPersons,
                    List<OutcomeTable.Outcome> outcomes, Stratified stratified,
                    Map<String, Double> contactDensity, List<StratumOutcomes> strata, List<String> suppressed) {
    }

    static final String COUNTING = "Each (pilot, person) membership counts once, in the group drawn in that pilot; "
            + "a person in several pooled pilots counts in each.";
    private static final int MAX_MONTHS = 600;

    private final CaseStates states;
    private final PilotFacts pilots;
    private final TimeParameters time;
    private final ReadConsistency consistency;
    private final NamedParameterJdbcTemplate jdbc;

    OutcomeReader(CaseStates states, PilotFacts pilots, TimeParameters time, ReadConsistency consistency,
                   NamedParameterJdbcTemplate jdbc) {
        this.states = states;
        this.pilots = pilots;
        this.time = time;
        this.consistency = consistency;
        this.jdbc = jdbc;
    }

    /**
     * The outcomes of the pilots; {@code from}/{@code to} (one pilot only) or {@code months} set the windows, as the
     * query parameters of the same names (checked here, 400 when bad); small counts suppressed unless {@code exact}.
     */
    Outcomes read(List<String> pilotIds, String fromText, String toText, String monthsText,
                  String knownText, String breakdown, Object pilotField, boolean exact) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        LocalDate fromParam = time.date("from", fromText, null, problems);
        LocalDate toParam = time.date("to", toText, null, problems);
        Integer months = months(monthsText, fromText != null || toText != null, problems);
        Instant requestedKnown = time.requestedKnownAt(knownText, problems);
        if (breakdown != null && !breakdown.equals("stratum")) {
            problems.add(new BadQuery.Problem("breakdown",
                    "'" + Excerpt.of(breakdown) + "' is not a breakdown (use: stratum)"));
        }
        TimeParameters.throwIfAny(problems);
        ReadConsistency.Known settled = consistency.settle(requestedKnown);
        Instant known = settled.at();
        List<PilotFacts.Pilot> chosen = pilotIds.stream().map(pilots::get).toList();
        List<Window> windows = new ArrayList<>();
        for (PilotFacts.Pilot pilot : chosen) {
            LocalDate from = fromParam != null ? fromParam : pilot.start();
            LocalDate to = toParam != null ? toParam
                    : months != null ? pilot.start().plusMonths(months) : pilot.endOrToday(time.today());
            if (!from.isBefore(to)) {
                throw new BadQuery(from.isAfter(to) ? "from" : "to", "from (" + from + ") must lie before to ("
                        + to + ")" + (chosen.size() > 1 ? " for pilot '" + pilot.pilotId() + "'" : ""));
            }
            if (!pilot.drawnBy(known)) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "The groups of pilot '" + pilot.pilotId()
                        + "' were not drawn as of " + known + "; there are no groups to compare.");
            }
            windows.add(new Window(pilot.pilotId(), from, to));
        }
        OutcomeTable.Input all = new OutcomeTable.Input();
        List<OutcomeTable.Input> byPilot = new ArrayList<>();
        List<StratumOutcomes> strata = new ArrayList<>();
        List<OutcomeTable.Input> stratumInputs = new ArrayList<>();
        Map<String, Integer> pilotsOfPerson = new HashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            PilotFacts.Pilot pilot = chosen.get(i);
            Window window = windows.get(i);
            OutcomeTable.Input ofPilot = new OutcomeTable.Input();
            Map<String, OutcomeTable.Input> inputs = inputs(pilot, window.from(), window.to(), known,
                    time.dateOf(known));
            inputs.forEach((stratum, input) -> {
                ofPilot.addAll(input);
                stratumInputs.add(input);
                input.groupOf.keySet().forEach(member -> pilotsOfPerson.merge(member.person(), 1, Integer::sum));
                if ("stratum".equals(breakdown)) {
                    strata.add(new StratumOutcomes(pilot.pilotId(), stratum, OutcomeTable.outcomes(input),
                            OutcomeTable.contactDensity(input), List.of()));
                }
            });
            all.addAll(ofPilot);
            byPilot.add(ofPilot);
        }
        Stratified stratified = chosen.size() > 1
                ? new Stratified("PILOT", OutcomeTable.stratified(byPilot))
                : new Stratified("STRATUM", OutcomeTable.stratified(stratumInputs));
        long shared = pilotsOfPerson.values().stream().filter(count -> count > 1).count();
        boolean one = chosen.size() == 1;
        return SuppressedOutcomes.of(new Outcomes(pilotField, one ? windows.get(0).from() : null,
                one ? windows.get(0).to() : null, windows, known, all.finalAfter() != null, all.finalAfter(), COUNTING,
                shared, OutcomeTable.outcomes(all), stratified, OutcomeTable.contactDensity(all),
                "stratum".equals(breakdown) ? strata : null, List.of()), exact);
    }

    private static Integer months(String text, boolean withDates, List<BadQuery.Problem> problems) {
        if (text == null) {
            return null;
        }
        if (withDates) {
            problems.add(new BadQuery.Problem("months", "give either months or from/to, not both"));
            return null;
        }
        try {
            int months = Integer.parseInt(text);
            if (months >= 1 && months <= MAX_MONTHS) {
                return months;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        problems.add(new BadQuery.Problem("months", "'" + Excerpt.of(text) + "' is not a number of months from 1 to "
                + MAX_MONTHS));
        return null;
    }

    /** The inputs of one pilot, split by stratum (pooled again by the caller). */
    private Map<String, OutcomeTable.Input> inputs(PilotFacts.Pilot pilot, LocalDate from, LocalDate to,
                                                  Instant known, LocalDate knownOn) {
        Map<LocalDate, List<PersonState>> status = states.statusOn(pilot.pilotId(), List.of(from, to), known);
        Map<String, PersonState> atFrom = new HashMap<>();
        status.get(from).forEach(state -> atFrom.put(state.person(), state));
        Map<String, OutcomeTable.Input> byStratum = new TreeMap<>();
        Map<String, String> stratumOf = new HashMap<>();
        for (PersonState state : status.get(to)) {
            String stratum = pilot.stratumOf(state.sex(), state.ageClass(), state.applicantType());
            stratumOf.put(state.person(), stratum);
            byStratum.computeIfAbsent(stratum, s -> new OutcomeTable.Input(pilot.pilotId(), from, to, knownOn)).add(atFrom.get(state.person()), state);
        }
        MapSqlParameterSource parameters = new MapSqlParameterSource("pilot", pilot.pilotId())
                .addValue("from", from).addValue("to", to).addValue("known", known.atOffset(ZoneOffset.UTC));
        Map<String, List<OutcomeTable.JobStart>> starts = new HashMap<>();
        jdbc.query("select f.person, f.employment_type from q_member m join q_fact f on f.person = m.person "
                        + "where m.pilot_id = :pilot and m.grp in ('PARTICIPANT', 'COMPARISON') and f.type = 'JOB_START' "
                        + "and f.effective_date > :from and f.effective_date <= :to and f.recorded_at <= :known "
                        + "and (f.withdrawn_at is null or f.withdrawn_at > :known)", parameters,
                rs -> {
                    String person = rs.getString(1);
                    starts.computeIfAbsent(stratumOf.get(person), s -> new ArrayList<>()).add(
                            new OutcomeTable.JobStart(person, EmploymentType.valueOf(rs.getString(2))));
                });
        starts.forEach((stratum, list) -> {
            if (stratum != null) {
                byStratum.get(stratum).addJobStarts(list);
            }
        });
        jdbc.query("select f.person, count(*) from q_member m join q_fact f on f.person = m.person "
                        + "where m.pilot_id = :pilot and m.grp in ('PARTICIPANT', 'COMPARISON') and f.type = 'CONTACT' "
                        + "and f.outcome = 'ATTENDED' and f.effective_date >= :from and f.effective_date <= :to "
                        + "and f.recorded_at <= :known and (f.withdrawn_at is null or f.withdrawn_at > :known) "
                        + "group by f.person", parameters,
                rs -> {
                    String stratum = stratumOf.get(rs.getString(1));
                    OutcomeTable.Input input = stratum == null ? null : byStratum.get(stratum);
                    if (input != null) {
                        input.addContacts(input.groupOf(rs.getString(1)), rs.getLong(2));
                    }
                });
        return byStratum;
    }
}

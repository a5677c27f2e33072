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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
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

/** Outcome view: shares per group, effects with confidence intervals and Fisher's exact test. */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN')")
class OutcomeQueries {

    record StratumOutcomes(String stratum, List<OutcomeTable.Outcome> outcomes, Map<String, Double> contactDensity) {
    }

    record Outcomes(Object pilot, LocalDate from, LocalDate to, Instant knownAt, List<OutcomeTable.Outcome> outcomes,
                    Map<String, Double> contactDensity, List<StratumOutcomes> strata) {
    }

    private final CaseStates states;
    private final PilotFacts pilots;
    private final TimeParameters time;
    private final ReadConsistency consistency;
    private final NamedParameterJdbcTemplate jdbc;

    OutcomeQueries(CaseStates states, PilotFacts pilots, TimeParameters time, ReadConsistency consistency, NamedParameterJdbcTemplate jdbc) {
        this.states = states;
        this.pilots = pilots;
        this.time = time;
        this.consistency = consistency;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/pilots/{pilotId}/outcomes")
    Outcomes outcomes(@PathVariable String pilotId, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(required = false) String knownAt,
                      @RequestParam(required = false) String breakdown) {
        return pooled(List.of(pilotId), from, to, knownAt, breakdown, pilotId);
    }

    /** Several pilots pooled: every person counts once in the group drawn in their pilot. */
    @GetMapping("/api/outcomes")
    Outcomes acrossPilots(@RequestParam(name = "pilot", required = false) List<String> pilotIds,
                          @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                          @RequestParam(required = false) String knownAt,
                          @RequestParam(required = false) String breakdown) {
        if (pilotIds == null || pilotIds.isEmpty()) {
            throw new BadQuery("pilot", "name at least one pilot: /api/outcomes?pilot=ID&pilot=ID");
        }
        return pooled(pilotIds, from, to, knownAt, breakdown, pilotIds);
    }

    private Outcomes pooled(List<String> pilotIds, String fromText, String toText, String knownText, String breakdown,
                            Object pilotField) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        LocalDate fromParam = time.date("from", fromText, null, problems);
        LocalDate toParam = time.date("to", toText, null, problems);
        Instant requestedKnown = time.requestedKnownAt(knownText, problems);
        if (breakdown != null && !breakdown.equals("stratum")) {
            problems.add(new BadQuery.Problem("breakdown",
                    "'" + Excerpt.of(breakdown) + "' is not a breakdown (use: stratum)"));
        }
        TimeParameters.throwIfAny(problems);
        ReadConsistency.Known settled = consistency.settle(requestedKnown);
        Instant known = settled.at();
        List<PilotFacts.Pilot> chosen = pilotIds.stream().map(pilots::get).toList();
        LocalDate from = fromParam != null ? fromParam
                : chosen.stream().map(PilotFacts.Pilot::start).min(LocalDate::compareTo).orElseThrow();
        LocalDate to = toParam != null ? toParam : chosen.stream().map(pilot -> pilot.endOrToday(time.today()))
                .max(LocalDate::compareTo).orElseThrow();
        if (!from.isBefore(to)) {
            throw new BadQuery(from.isAfter(to) ? "from" : "to", "from (" + from + ") must lie before to (" + to + ")");
        }
        OutcomeTable.Input all = new OutcomeTable.Input();
        Map<String, OutcomeTable.Input> byStratum = new TreeMap<>();
        for (PilotFacts.Pilot pilot : chosen) {
            if (!pilot.drawnBy(known)) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "The groups of pilot '" + pilot.pilotId()
                        + "' were not drawn as of " + known + "; there are no groups to compare.");
            }
            Map<String, OutcomeTable.Input> inputs = inputs(pilot, from, to, known);
            inputs.forEach((stratum, input) -> {
                all.addAll(input);
                byStratum.computeIfAbsent(stratum, s -> new OutcomeTable.Input()).addAll(input);
            });
        }
        List<StratumOutcomes> strata = "stratum".equals(breakdown) ? byStratum.entrySet().stream()
                .map(e -> new StratumOutcomes(e.getKey(), OutcomeTable.outcomes(e.getValue()),
                        OutcomeTable.contactDensity(e.getValue(), from, to))).toList() : null;
        return new Outcomes(pilotField, from, to, known, OutcomeTable.outcomes(all),
                OutcomeTable.contactDensity(all, from, to), strata);
    }

    /** The inputs of one pilot, split by stratum (pooled again by the caller). */
    private Map<String, OutcomeTable.Input> inputs(PilotFacts.Pilot pilot, LocalDate from, LocalDate to,
                                                  Instant known) {
        Map<LocalDate, List<PersonState>> status = states.statusOn(pilot.pilotId(), List.of(from, to), known);
        Map<String, PersonState> atFrom = new HashMap<>();
        status.get(from).forEach(state -> atFrom.put(state.person(), state));
        Map<String, OutcomeTable.Input> byStratum = new LinkedHashMap<>();
        Map<String, String> stratumOf = new HashMap<>();
        for (PersonState state : status.get(to)) {
            String stratum = pilot.stratumOf(state.sex(), state.ageClass(), state.applicantType());
            stratumOf.put(state.person(), stratum);
            byStratum.computeIfAbsent(stratum, s -> new OutcomeTable.Input()).add(atFrom.get(state.person()), state);
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
                        + "and f.outcome = 'ATTENDED' and f.effective_date > :from and f.effective_date <= :to "
                        + "and f.recorded_at <= :known and (f.withdrawn_at is null or f.withdrawn_at > :known) "
                        + "group by f.person", parameters,
                rs -> {
                    String stratum = stratumOf.get(rs.getString(1));
                    OutcomeTable.Input input = stratum == null ? null : byStratum.get(stratum);
                    if (input != null) {
                        input.addContacts(input.groupOf.get(rs.getString(1)), rs.getLong(2));
                    }
                });
        return byStratum;
    }
}

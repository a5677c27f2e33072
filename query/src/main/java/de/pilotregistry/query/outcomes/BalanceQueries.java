package de.pilotregistry.query.outcomes;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.pilots.PilotFacts;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Balance table: how sex, main age class and applicant type were distributed in both groups at the draw,
 * with the standardized difference (p_T - p_C) / sqrt((p_T(1-p_T) + p_C(1-p_C)) / 2) per category.
 */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN', 'AUDITOR')")
class BalanceQueries {

    record Count(long count, Double share) {
    }

    record Category(String category, Count participant, Count comparison, Double standardizedDifference) {
    }

    record Variable(String variable, List<Category> categories) {
    }

    record Balance(String pilot, Instant drawnAt, long participants, long comparison, List<Variable> variables) {
    }

    private static final Map<String, String> COLUMNS = Map.of("SEX", "sex", "AGE_CLASS", "age_class",
            "APPLICANT_TYPE", "applicant_type");

    private final JdbcTemplate jdbc;
    private final PilotFacts pilots;

    BalanceQueries(JdbcTemplate jdbc, PilotFacts pilots) {
        this.jdbc = jdbc;
        this.pilots = pilots;
    }

    @GetMapping("/api/pilots/{pilotId}/balance")
    Balance balance(@PathVariable String pilotId) {
        PilotFacts.Pilot pilot = pilots.get(pilotId);
        if (pilot.drawnAt() == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The groups of pilot '" + Excerpt.of(pilotId)
                    + "' are not drawn yet.");
        }
        long nT = size(pilotId, "PARTICIPANT");
        long nC = size(pilotId, "COMPARISON");
        List<Variable> variables = new ArrayList<>();
        for (String variable : List.of("SEX", "AGE_CLASS", "APPLICANT_TYPE")) {
            Map<String, long[]> counts = new TreeMap<>();
            jdbc.query("select " + COLUMNS.get(variable) + ", grp, count(*) from q_member where pilot_id = ? "
                            + "and grp in ('PARTICIPANT', 'COMPARISON') group by 1, 2", rs -> {
                        long[] pair = counts.computeIfAbsent(rs.getString(1), c -> new long[2]);
                        pair["PARTICIPANT".equals(rs.getString(2)) ? 0 : 1] = rs.getLong(3);
                    }, pilotId);
            List<Category> categories = new ArrayList<>();
            counts.forEach((category, pair) -> {
                Double pT = nT == 0 ? null : (double) pair[0] / nT;
                Double pC = nC == 0 ? null : (double) pair[1] / nC;
                categories.add(new Category(category, new Count(pair[0], pT), new Count(pair[1], pC),
                        standardizedDifference(pT, pC)));
            });
            variables.add(new Variable(variable, categories));
        }
        return new Balance(pilotId, pilot.drawnAt(), nT, nC, variables);
    }

    static Double standardizedDifference(Double pT, Double pC) {
        if (pT == null || pC == null) {
            return null;
        }
        double pooledVariance = (pT * (1 - pT) + pC * (1 - pC)) / 2;
        return pooledVariance == 0 ? 0.0 : (pT - pC) / Math.sqrt(pooledVariance);
    }

    private long size(String pilotId, String group) {
        Long n = jdbc.queryForObject("select count(*) from q_member where pilot_id = ? and grp = ?", Long.class,
                pilotId, group);
        return n == null ? 0 : n;
    }
}

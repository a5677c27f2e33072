package de.pilotregistry.query.outcomes;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.pilots.PilotFacts;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Balance table at the draw (docs/outcome-definitions.md, "Balance"): sex, age class, applicant type and marginal
 * employment per category with the standardized difference (p_T - p_C) / sqrt((p_T(1-p_T) + p_C(1-p_C)) / 2) and,
 * per variable, the multivariate one of Yang and Dalton (2012); the monthly claim at the start and the months in
 * receipt of the last 24 with mean, SD and standardized difference (m_T - m_C) / sqrt((s_T² + s_C²) / 2).
 */
@Component
class BalanceReader {

    record Count(long count, Double share) {
    }

    record Category(String category, Count participant, Count comparison, Double standardizedDifference) {
    }

    record Variable(String variable, List<Category> categories, Double multivariateStandardizedDifference) {
    }

    /** Mean and sample standard deviation (n − 1) of a numeric covariate in one group. */
    record Summary(long n, Double mean, Double sd) {
    }

    record Covariate(String variable, Summary participant, Summary comparison, Double standardizedDifference) {
    }

    record Balance(String pilot, Instant drawnAt, long participants, long comparison, List<Variable> variables,
                   List<Covariate> covariates) {
    }

    private static final Map<String, String> COLUMNS = Map.of("SEX", "sex", "AGE_CLASS", "age_class",
            "APPLICANT_TYPE", "applicant_type",
            "MARGINAL_EMPLOYMENT", "case when marginal then 'YES' else 'NO' end");
    private static final Map<String, String> NUMERIC = Map.of("MONTHLY_CLAIM_AT_START", "claim_at_start",
            "MONTHS_IN_RECEIPT_OF_LAST_24", "months_24");

    private final JdbcTemplate jdbc;
    private final PilotFacts pilots;

    BalanceReader(JdbcTemplate jdbc, PilotFacts pilots) {
        this.jdbc = jdbc;
        this.pilots = pilots;
    }

    Balance balance(String pilotId) {
        PilotFacts.Pilot pilot = pilots.get(pilotId);
        if (pilot.drawnAt() == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The groups of pilot '" + Excerpt.of(pilotId)
                    + "' are not drawn yet.");
        }
        long nT = size(pilotId, "PARTICIPANT");
        long nC = size(pilotId, "COMPARISON");
        List<Variable> variables = new ArrayList<>();
        for (String variable : List.of("SEX", "AGE_CLASS", "APPLICANT_TYPE", "MARGINAL_EMPLOYMENT")) {
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
            Double multivariate = nT == 0 || nC == 0 ? null : multivariateStandardizedDifference(
                    categories.stream().mapToDouble(c -> c.participant().share()).toArray(),
                    categories.stream().mapToDouble(c -> c.comparison().share()).toArray());
            variables.add(new Variable(variable, categories, multivariate));
        }
        List<Covariate> covariates = new ArrayList<>();
        for (String variable : List.of("MONTHLY_CLAIM_AT_START", "MONTHS_IN_RECEIPT_OF_LAST_24")) {
            Map<String, Summary> summaries = new TreeMap<>();
            jdbc.query("select grp, count(*), avg(" + NUMERIC.get(variable) + ")::float8, stddev_samp("
                            + NUMERIC.get(variable) + ")::float8 from q_member where pilot_id = ? "
                            + "and grp in ('PARTICIPANT', 'COMPARISON') group by grp", rs -> {
                        summaries.put(rs.getString(1), new Summary(rs.getLong(2), (Double) rs.getObject(3),
                                (Double) rs.getObject(4)));
                    }, pilotId);
            Summary t = summaries.getOrDefault("PARTICIPANT", new Summary(0, null, null));
            Summary c = summaries.getOrDefault("COMPARISON", new Summary(0, null, null));
            covariates.add(new Covariate(variable, t, c, standardizedMeanDifference(t, c)));
        }
        return new Balance(pilotId, pilot.drawnAt(), nT, nC, variables, covariates);
    }

    static Double standardizedMeanDifference(Summary t, Summary c) {
        if (t.mean() == null || c.mean() == null || t.sd() == null || c.sd() == null) {
            return null;
        }
        double pooledVariance = (t.sd() * t.sd() + c.sd() * c.sd()) / 2;
        return pooledVariance == 0 ? 0.0 : (t.mean() - c.mean()) / Math.sqrt(pooledVariance);
    }

    /**
     * Yang and Dalton (2012): sqrt(dᵀ S⁻¹ d) over the categories but the last (the shares sum to 1), with d the
     * differences of the shares and S the mean of both groups' multinomial covariance matrices: S_kk = (p_Tk (1 −
     * p_Tk) + p_Ck (1 − p_Ck)) / 2, S_kl = −(p_Tk p_Tl + p_Ck p_Cl) / 2. Categories that neither group has are left
     * out; a single category gives 0.
     */
    static Double multivariateStandardizedDifference(double[] participant, double[] comparison) {
        List<Integer> present = new ArrayList<>();
        for (int k = 0; k < participant.length; k++) {
            if (participant[k] > 0 || comparison[k] > 0) {
                present.add(k);
            }
        }
        int dimensions = present.size() - 1;
        if (dimensions < 1) {
            return 0.0;
        }
        double[] d = new double[dimensions];
        double[][] s = new double[dimensions][dimensions];
        for (int i = 0; i < dimensions; i++) {
            int k = present.get(i);
            d[i] = participant[k] - comparison[k];
            for (int j = 0; j < dimensions; j++) {
                int l = present.get(j);
                s[i][j] = i == j ? (participant[k] * (1 - participant[k]) + comparison[k] * (1 - comparison[k])) / 2
                        : -(participant[k] * participant[l] + comparison[k] * comparison[l]) / 2;
            }
        }
        DecompositionSolver solver = new LUDecomposition(new Array2DRowRealMatrix(s, false)).getSolver();
        if (!solver.isNonSingular()) {
            return null;
        }
        RealVector difference = new ArrayRealVector(d, false);
        return Math.sqrt(difference.dotProduct(solver.solve(difference)));
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

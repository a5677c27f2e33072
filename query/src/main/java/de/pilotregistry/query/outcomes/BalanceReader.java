package de.pilotregistry.query.outcomes;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.SmallCounts;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Balance table at the draw (docs/outcome-definitions.md, "Balance"): sex, age class, applicant type and marginal
 * employment per category with the standardized difference (p_T - p_C) / sqrt((p_T(1-p_T) + p_C(1-p_C)) / 2) and,
 * per variable, the multivariate one of Yang and Dalton (2012); the monthly claim at the start and the months in
 * receipt of the last 24 with mean, SD and standardized difference (m_T - m_C) / sqrt((s_T² + s_C²) / 2).
 */
@Component
class BalanceReader {

    /** {@code suppressed} names the fields left null as small counts ({@link SmallCounts}). */
    record Count(Long count, Double share, List<String> suppressed) {
    }

    /** {@code suppressed}: the standardized difference, left null when a share it compares is. */
    record Category(String category, Count participant, Count comparison, Double standardizedDifference,
                    List<String> suppressed) {
    }

    /** {@code suppressed}: the multivariate difference, left null when any share of the variable is. */
    record Variable(String variable, List<Category> categories, Double multivariateStandardizedDifference,
                    List<String> suppressed) {
    }

    /** Mean and sample standard deviation (n − 1) of a numeric covariate in one group. */
    record Summary(Long n, Double mean, Double sd, List<String> suppressed) {
    }

    record Covariate(String variable, Summary participant, Summary comparison, Double standardizedDifference,
                     List<String> suppressed) {
    }

    /** {@code suppressed}: {@code participants} or {@code comparison} when a group has 1 or 2 members. */
    record Balance(String pilot, Instant drawnAt, Long participants, Long comparison, List<Variable> variables,
                   List<Covariate> covariates, List<String> suppressed) {
    }

    private static final Map<String, String> COLUMNS = Map.of("SEX", "sex", "AGE_CLASS", "age_class",
            "APPLICANT_TYPE", "applicant_type",
            "MARGINAL_EMPLOYMENT", "case when marginal then 'YES' else 'NO' end");
    private static final String[] GROUPS = {"participant", "comparison"};
    private static final Map<String, String> NUMERIC = Map.of("MONTHLY_CLAIM_AT_START", "claim_at_start",
            "MONTHS_IN_RECEIPT_OF_LAST_24", "months_24");

    private final JdbcTemplate jdbc;
    private final PilotFacts pilots;

    BalanceReader(JdbcTemplate jdbc, PilotFacts pilots) {
        this.jdbc = jdbc;
        this.pilots = pilots;
    }

    /** The balance table, with small counts suppressed unless {@code exact}. */
    Balance balance(String pilotId, boolean exact) {
        SmallCounts cells = new SmallCounts();
        return table(pilotId, cells, "").shown(cells.suppressed(exact));
    }

    /**
     * The counts of the balance table, added to {@code cells} under {@code prefix}: each variable's categories add up
     * to the group's members ({@link Table#members}), a line per variable and group.
     */
    Table table(String pilotId, SmallCounts cells, String prefix) {
        PilotFacts.Pilot pilot = pilots.get(pilotId);
        if (pilot.drawnAt() == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The groups of pilot '" + Excerpt.of(pilotId)
                    + "' are not drawn yet.");
        }
        Table table = new Table(pilotId, pilot.drawnAt(), prefix, size(pilotId, "PARTICIPANT"),
                size(pilotId, "COMPARISON"), new LinkedHashMap<>(), new LinkedHashMap<>());
        cells.cell(table.members(0), table.nT()).cell(table.members(1), table.nC());
        for (String variable : List.of("SEX", "AGE_CLASS", "APPLICANT_TYPE", "MARGINAL_EMPLOYMENT")) {
            Map<String, long[]> counts = new TreeMap<>();
            jdbc.query("select " + COLUMNS.get(variable) + ", grp, count(*) from q_member where pilot_id = ? "
                            + "and grp in ('PARTICIPANT', 'COMPARISON') group by 1, 2", rs -> {
                        long[] pair = counts.computeIfAbsent(rs.getString(1), c -> new long[2]);
                        pair["PARTICIPANT".equals(rs.getString(2)) ? 0 : 1] = rs.getLong(3);
                    }, pilotId);
            table.counted().put(variable, counts);
            for (int g = 0; g < 2; g++) {
                for (Map.Entry<String, long[]> category : counts.entrySet()) {
                    cells.cell(table.cell(variable, category.getKey(), g), category.getValue()[g]);
                }
                int group = g;
                cells.line(counts.keySet().stream().map(category -> table.cell(variable, category, group)).toList(),
                        table.members(g));
            }
        }
        for (String variable : List.of("MONTHLY_CLAIM_AT_START", "MONTHS_IN_RECEIPT_OF_LAST_24")) {
            Map<String, Summary> summaries = new TreeMap<>();
            jdbc.query("select grp, count(*), avg(" + NUMERIC.get(variable) + ")::float8, stddev_samp("
                            + NUMERIC.get(variable) + ")::float8 from q_member where pilot_id = ? "
                            + "and grp in ('PARTICIPANT', 'COMPARISON') group by grp", rs -> {
                        summaries.put(rs.getString(1), new Summary(rs.getLong(2), (Double) rs.getObject(3),
                                (Double) rs.getObject(4), List.of()));
                    }, pilotId);
            Summary none = new Summary(0L, null, null, List.of());
            table.covariates().put(variable, new Summary[]{summaries.getOrDefault("PARTICIPANT", none),
                    summaries.getOrDefault("COMPARISON", none)});
        }
        return table;
    }

    /** The counts of one pilot's balance table, before suppression; {@code prefix} names its cells. */
    record Table(String pilot, Instant drawnAt, String prefix, long nT, long nC, Map<String, Map<String, long[]>> counted,
                 Map<String, Summary[]> covariates) {

        String members(int group) {
            return prefix + GROUPS[group];
        }

        String cell(String variable, String category, int group) {
            return prefix + variable + "|" + category + "|" + GROUPS[group];
        }

        /** The table without the {@code hidden} cells and the shares, differences and means computed from them. */
        Balance shown(Set<String> hidden) {
            boolean hideT = hidden.contains(members(0));
            boolean hideC = hidden.contains(members(1));
            List<Variable> variables = new ArrayList<>();
            counted.forEach((variable, counts) -> {
                List<Category> categories = new ArrayList<>();
                boolean complete = true;
                for (Map.Entry<String, long[]> entry : counts.entrySet()) {
                    long[] pair = entry.getValue();
                    Double pT = nT == 0 ? null : (double) pair[0] / nT;
                    Double pC = nC == 0 ? null : (double) pair[1] / nC;
                    Count t = count(pair[0], pT, hideT || hidden.contains(cell(variable, entry.getKey(), 0)));
                    Count c = count(pair[1], pC, hideC || hidden.contains(cell(variable, entry.getKey(), 1)));
                    boolean shown = t.suppressed().isEmpty() && c.suppressed().isEmpty();
                    complete &= shown;
                    categories.add(new Category(entry.getKey(), t, c, shown ? standardizedDifference(pT, pC) : null,
                            shown ? List.of() : List.of("standardizedDifference")));
                }
                Double multivariate = !complete || nT == 0 || nC == 0 ? null : multivariateStandardizedDifference(
                        categories.stream().mapToDouble(c -> c.participant().share()).toArray(),
                        categories.stream().mapToDouble(c -> c.comparison().share()).toArray());
                variables.add(new Variable(variable, categories, multivariate,
                        complete ? List.of() : List.of("multivariateStandardizedDifference")));
            });
            List<Covariate> shownCovariates = new ArrayList<>();
            covariates.forEach((variable, pair) -> {
                Summary t = summary(pair[0], hideT);
                Summary c = summary(pair[1], hideC);
                boolean shown = !hideT && !hideC;
                shownCovariates.add(new Covariate(variable, t, c, shown ? standardizedMeanDifference(t, c) : null,
                        shown ? List.of() : List.of("standardizedDifference")));
            });
            List<String> flags = new ArrayList<>();
            if (hideT) {
                flags.add("participants");
            }
            if (hideC) {
                flags.add("comparison");
            }
            return new Balance(pilot, drawnAt, hideT ? null : nT, hideC ? null : nC, variables, shownCovariates,
                    flags);
        }

        /** A count of a hidden group is hidden too: it could be all of the group. */
        private static Count count(long count, Double share, boolean hidden) {
            return hidden ? new Count(null, null, List.of("count", "share")) : new Count(count, share, List.of());
        }

        /** The mean and SD of a group are left out with its number of members. */
        private static Summary summary(Summary summary, boolean hidden) {
            return hidden ? new Summary(null, null, null, List.of("n", "mean", "sd")) : summary;
        }
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

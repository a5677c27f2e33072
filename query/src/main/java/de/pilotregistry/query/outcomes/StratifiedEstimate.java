package de.pilotregistry.query.outcomes;

import org.apache.commons.math3.special.Gamma;

import java.util.List;

/**
 * Effect on one binary outcome summarised over strata (pilots, or the randomization strata of one pilot), so that
 * differences between strata in size or base rate do not leak into the effect. Per stratum k: a_k of n1_k
 * participants and c_k of n0_k comparison persons have the outcome, N_k = n1_k + n0_k, m1_k = a_k + c_k.
 * <ul>
 *   <li>Mantel-Haenszel risk difference RD = Σ (a n0 − c n1)/N / W with W = Σ n1 n0 / N; variance after Sato
 *       (1989): (RD·P + Q) / W², P = Σ (n1² c − n0² a + n1 n0 (n0 − n1)/2) / N², Q = Σ (a (n0 − c) + c (n1 − a)) / (2N);
 *       interval RD ± z·√var.</li>
 *   <li>Mantel-Haenszel risk ratio RR = R / S with R = Σ a n0 / N, S = Σ c n1 / N; variance of ln RR after
 *       Greenland and Robins (1985): Σ (m1 n1 n0 / N² − a c / N) / (R S); interval exp(ln RR ± z·√var).
 *       Undefined ({@code null}) when S = 0; 0 without an interval when R = 0.</li>
 *   <li>Cochran-Mantel-Haenszel test of no association in any stratum, without continuity correction:
 *       X² = (Σ a − Σ n1 m1 / N)² / Σ n1 n0 m1 (N − m1) / (N² (N − 1)), one degree of freedom.</li>
 * </ul>
 * Strata with an empty group carry no information on the effect and are left out ({@code strataUsed} counts the
 * others). Checked against R's epiR {@code epi.2by2} and {@code mantelhaen.test} in {@code StratifiedEstimateTest}.
 */
record StratifiedEstimate(int strataUsed, Double riskDifference, double[] riskDifferenceCi95, Double riskRatio,
                          double[] riskRatioCi95, Double cmhStatistic, Double cmhP) {

    /** One stratum's 2×2 table: a of n1 participants, c of n0 comparison persons with the outcome. */
    record Table(long a, long n1, long c, long n0) {
    }

    static StratifiedEstimate of(List<Table> tables) {
        int used = 0;
        double rdNumerator = 0;
        double w = 0;
        double p = 0;
        double q = 0;
        double r = 0;
        double s = 0;
        double grNumerator = 0;
        double observed = 0;
        double expected = 0;
        double variance = 0;
        for (Table t : tables) {
            if (t.n1() == 0 || t.n0() == 0) {
                continue;
            }
            used++;
            double a = t.a();
            double c = t.c();
            double n1 = t.n1();
            double n0 = t.n0();
            double n = n1 + n0;
            double m1 = a + c;
            rdNumerator += (a * n0 - c * n1) / n;
            w += n1 * n0 / n;
            p += (n1 * n1 * c - n0 * n0 * a + n1 * n0 * (n0 - n1) / 2) / (n * n);
            q += (a * (n0 - c) + c * (n1 - a)) / (2 * n);
            r += a * n0 / n;
            s += c * n1 / n;
            grNumerator += m1 * n1 * n0 / (n * n) - a * c / n;
            observed += a;
            expected += n1 * m1 / n;
            variance += n1 * n0 * m1 * (n - m1) / (n * n * (n - 1));
        }
        if (used == 0) {
            return new StratifiedEstimate(0, null, null, null, null, null, null);
        }
        double rd = rdNumerator / w;
        double rdSe = Math.sqrt((rd * p + q) / (w * w));
        double[] rdCi = {rd - EffectEstimate.Z * rdSe, rd + EffectEstimate.Z * rdSe};
        Double rr = null;
        double[] rrCi = null;
        if (s > 0) {
            rr = r / s;
            if (r > 0) {
                double se = Math.sqrt(grNumerator / (r * s));
                rrCi = new double[]{Math.exp(Math.log(rr) - EffectEstimate.Z * se),
                        Math.exp(Math.log(rr) + EffectEstimate.Z * se)};
            }
        }
        Double statistic = null;
        Double pValue = null;
        if (variance > 0) {
            statistic = (observed - expected) * (observed - expected) / variance;
            // Upper tail of chi-square with 1 df, without the cancellation of 1 − cdf for small p.
            pValue = Gamma.regularizedGammaQ(0.5, statistic / 2);
        }
        return new StratifiedEstimate(used, rd, rdCi, rr, rrCi, statistic, pValue);
    }
}

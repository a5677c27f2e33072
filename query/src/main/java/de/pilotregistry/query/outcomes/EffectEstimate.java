package de.pilotregistry.query.outcomes;

import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * Effect of the pilot on one binary outcome: participants (x1 of n1) against the comparison group (x2 of n2).
 * <ul>
 *   <li>difference p1 − p2 with Newcombe's hybrid score interval (Newcombe 1998, method 10), built from
 *       Wilson score intervals of each share — it stays inside [−1, 1] and behaves at 0 and n;</li>
 *   <li>ratio p1 / p2 with the Katz log interval; undefined ({@code null}) without comparison successes,
 *       and 0 without an interval when no participant has the outcome;</li>
 *   <li>two-sided Fisher exact p: the sum of the probabilities of all tables with the same margins that are
 *       no more likely than the observed one (as R's {@code fisher.test} and SciPy do), with commons-math's
 *       hypergeometric distribution doing the arithmetic.</li>
 * </ul>
 * Figures that are undefined (an empty group) are {@code null}.
 */
record EffectEstimate(Double share1, Double share2, Double difference, double[] differenceCi95,
                      Double ratio, double[] ratioCi95, Double fisherP) {

    /** Two-sided 95% normal quantile. */
    static final double Z = 1.959963984540054;

    /** Relative tolerance for "no more likely than observed", as in R (1 + 1e-7). */
    private static final double FISHER_TOLERANCE = 1 + 1e-7;

    static EffectEstimate of(long x1, long n1, long x2, long n2) {
        if (x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
            throw new IllegalArgumentException("counts out of range: " + x1 + "/" + n1 + ", " + x2 + "/" + n2);
        }
        Double share1 = n1 == 0 ? null : (double) x1 / n1;
        Double share2 = n2 == 0 ? null : (double) x2 / n2;
        if (n1 == 0 || n2 == 0) {
            return new EffectEstimate(share1, share2, null, null, null, null, null);
        }
        double p1 = share1;
        double p2 = share2;
        double[] w1 = wilson(x1, n1);
        double[] w2 = wilson(x2, n2);
        double difference = p1 - p2;
        double[] differenceCi = {
                difference - Math.sqrt(square(p1 - w1[0]) + square(w2[1] - p2)),
                difference + Math.sqrt(square(w1[1] - p1) + square(p2 - w2[0]))};

        Double ratio = null;
        double[] ratioCi = null;
        if (x2 > 0) {
            ratio = p1 / p2;
            if (x1 > 0) {
                double se = Math.sqrt(1.0 / x1 - 1.0 / n1 + 1.0 / x2 - 1.0 / n2);
                ratioCi = new double[]{Math.exp(Math.log(ratio) - Z * se), Math.exp(Math.log(ratio) + Z * se)};
            }
        }
        return new EffectEstimate(share1, share2, difference, differenceCi, ratio, ratioCi,
                fisherTwoSided(x1, n1, x2, n2));
    }

    /** Wilson score interval for x successes of n. */
    static double[] wilson(long x, long n) {
        double p = (double) x / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = p + z2 / (2.0 * n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[]{Math.max(0, (centre - half) / denominator), Math.min(1, (centre + half) / denominator)};
    }

    static double fisherTwoSided(long x1, long n1, long x2, long n2) {
        int population = Math.toIntExact(n1 + n2);
        int successes = Math.toIntExact(x1 + x2);
        int sample = Math.toIntExact(n1);
        if (successes == 0 || successes == population) {
            return 1.0;
        }
        // No random generator: the distribution is only evaluated, never sampled.
        HypergeometricDistribution tables = new HypergeometricDistribution(null, population, successes, sample);
        double observed = tables.probability((int) x1);
        double p = 0;
        for (int k = tables.getSupportLowerBound(); k <= tables.getSupportUpperBound(); k++) {
            double probability = tables.probability(k);
            if (probability <= observed * FISHER_TOLERANCE) {
                p += probability;
            }
        }
        return Math.min(1.0, p);
    }

    private static double square(double value) {
        return value * value;
    }
}

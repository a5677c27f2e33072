package de.pilotregistry.query.outcomes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values come from sources independent of this code:
 * <ul>
 *   <li>difference intervals: Newcombe R.G. (1998), "Interval estimation for the difference between
 *       independent proportions: comparison of eleven methods", Statistics in Medicine 17:873-890,
 *       Table II, method 10 (hybrid score), printed to 4 decimals;</li>
 *   <li>Fisher p: R {@code fisher.test} / SciPy {@code scipy.stats.fisher_exact} documentation examples
 *       (Fisher's tea tasting, and SciPy's [[1,9],[11,3]] example);</li>
 *   <li>Katz log ratio interval (Katz et al. 1978): computed separately with a calculator from
 *       exp(ln r ± 1.959964·sqrt(1/a − 1/n1 + 1/c − 1/n2)); 5/20 vs 1/20 gives 5 · exp(±2.0556).</li>
 * </ul>
 */
class EffectEstimateTest {

    @ParameterizedTest(name = "{0}/{1} vs {2}/{3} -> [{4}, {5}]")
    @CsvSource({
            "56, 70, 48, 80,  0.0524, 0.3339",
            " 9, 10,  3, 10,  0.1705, 0.8090",
            " 6,  7,  2,  7,  0.0582, 0.8062",
            " 5, 56,  0, 29, -0.0381, 0.1926",
            " 0, 10,  0, 20, -0.1611, 0.2775",
            " 0, 10,  0, 10, -0.2775, 0.2775",
            "10, 10,  0, 20,  0.6791, 1.0000",
            "10, 10,  0, 10,  0.6075, 1.0000"})
    void givenNewcombesExamples_whenEstimated_thenHybridScoreIntervalMatchesHisTable(
            long x1, long n1, long x2, long n2, double lower, double upper) {
        EffectEstimate estimate = EffectEstimate.of(x1, n1, x2, n2);

        assertThat(estimate.difference()).isCloseTo((double) x1 / n1 - (double) x2 / n2, within(1e-12));
        assertThat(estimate.differenceCi95()[0]).isCloseTo(lower, within(0.00005));
        assertThat(estimate.differenceCi95()[1]).isCloseTo(upper, within(0.00005));
    }

    @ParameterizedTest(name = "[[{0},{1}],[{2},{3}]] -> p={4}")
    @CsvSource({
            " 3, 1,  1, 3, 0.4857142857",
            " 1, 9, 11, 3, 0.0027594562",
            " 5, 15, 1, 19, 0.1817641818",
            " 0, 10, 0, 10, 1.0"})
    void givenTwoByTwoTable_whenFisherTested_thenTwoSidedPMatchesReference(
            long a, long b, long c, long d, double p) {
        assertThat(EffectEstimate.fisherTwoSided(a, a + b, c, c + d)).isCloseTo(p, within(1e-9));
    }

    @Test
    void givenSuccessesInBothGroups_whenEstimated_thenKatzLogInterval() {
        EffectEstimate estimate = EffectEstimate.of(5, 20, 1, 20);

        assertThat(estimate.ratio()).isCloseTo(5.0, within(1e-12));
        assertThat(estimate.ratioCi95()[0]).isCloseTo(0.6400623685, within(1e-9));
        assertThat(estimate.ratioCi95()[1]).isCloseTo(39.0586937018, within(1e-8));
    }

    @Test
    void givenNoComparisonSuccess_whenEstimated_thenRatioIsUndefined() {
        EffectEstimate estimate = EffectEstimate.of(3, 20, 0, 20);

        assertThat(estimate.ratio()).isNull();
        assertThat(estimate.ratioCi95()).isNull();
        assertThat(estimate.difference()).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void givenNoParticipantSuccess_whenEstimated_thenRatioIsZeroWithoutInterval() {
        EffectEstimate estimate = EffectEstimate.of(0, 20, 4, 20);

        assertThat(estimate.ratio()).isEqualTo(0.0);
        assertThat(estimate.ratioCi95()).isNull();
    }

    @Test
    void givenEmptyGroup_whenEstimated_thenEveryComparativeFigureIsNull() {
        EffectEstimate estimate = EffectEstimate.of(0, 0, 4, 20);

        assertThat(estimate.share1()).isNull();
        assertThat(estimate.share2()).isEqualTo(0.2);
        assertThat(estimate.difference()).isNull();
        assertThat(estimate.differenceCi95()).isNull();
        assertThat(estimate.ratio()).isNull();
        assertThat(estimate.fisherP()).isNull();
    }
}

package de.pilotregistry.query.outcomes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values from R 4.2.2 with epiR 2.0.57: {@code epi.2by2(method = "cohort.count")}, entries
 * {@code ARisk.mh.sato} (divided by 100) and {@code RR.mh.wald} (Greenland-Robins), and
 * {@code stats::mantelhaen.test(correct = FALSE)}; the script is {@code docs/reference/stratified-estimates.R}.
 */
class StratifiedEstimateTest {

    private static StratifiedEstimate.Table table(long a, long n1, long c, long n0) {
        return new StratifiedEstimate.Table(a, n1, c, n0);
    }

    @Test
    void givenThreeStrata_whenEstimated_thenMatchesEpiRAndMantelhaenTest() {
        StratifiedEstimate estimate = StratifiedEstimate.of(List.of(
                table(5, 20, 1, 20), table(3, 10, 2, 10), table(8, 30, 4, 30)));

        assertThat(estimate.strataUsed()).isEqualTo(3);
        assertThat(estimate.riskDifference()).isCloseTo(0.15, within(1e-9));
        assertThat(estimate.riskDifferenceCi95()[0]).isCloseTo(0.0121172082668745, within(1e-6));
        assertThat(estimate.riskDifferenceCi95()[1]).isCloseTo(0.287882791733125, within(1e-6));
        assertThat(estimate.riskRatio()).isCloseTo(2.28571428571429, within(1e-9));
        assertThat(estimate.riskRatioCi95()[0]).isCloseTo(1.01600789744643, within(1e-6));
        assertThat(estimate.riskRatioCi95()[1]).isCloseTo(5.14217439554285, within(1e-6));
        assertThat(estimate.cmhStatistic()).isCloseTo(4.27647133411829, within(1e-9));
        assertThat(estimate.cmhP()).isCloseTo(0.0386434941798658, within(1e-9));
    }

    @Test
    void givenZeroCellsAndUnequalGroups_whenEstimated_thenMatchesEpiRAndMantelhaenTest() {
        StratifiedEstimate estimate = StratifiedEstimate.of(List.of(
                table(0, 7, 2, 9), table(4, 12, 0, 11), table(6, 15, 3, 14), table(1, 3, 1, 4)));

        assertThat(estimate.riskDifference()).isCloseTo(0.135556470367632, within(1e-9));
        assertThat(estimate.riskDifferenceCi95()[0]).isCloseTo(-0.0525716645270914, within(1e-6));
        assertThat(estimate.riskDifferenceCi95()[1]).isCloseTo(0.323684605262356, within(1e-6));
        assertThat(estimate.riskRatio()).isCloseTo(1.88457679721709, within(1e-9));
        assertThat(estimate.riskRatioCi95()[0]).isCloseTo(0.743108183620131, within(1e-6));
        assertThat(estimate.riskRatioCi95()[1]).isCloseTo(4.77942483059046, within(1e-6));
        assertThat(estimate.cmhStatistic()).isCloseTo(1.91296416008766, within(1e-9));
        assertThat(estimate.cmhP()).isCloseTo(0.166634366394427, within(1e-9));
    }

    @Test
    void givenAStratumWithAnEmptyGroup_whenEstimated_thenItIsLeftOutAndChangesNothing() {
        StratifiedEstimate without = StratifiedEstimate.of(List.of(table(5, 20, 1, 20), table(3, 10, 2, 10)));
        StratifiedEstimate with = StratifiedEstimate.of(List.of(table(5, 20, 1, 20), table(3, 10, 2, 10),
                table(2, 2, 0, 0)));

        assertThat(with.strataUsed()).isEqualTo(2);
        assertThat(with.riskDifference()).isEqualTo(without.riskDifference());
        assertThat(with.riskRatioCi95()).containsExactly(without.riskRatioCi95());
        assertThat(with.cmhStatistic()).isEqualTo(without.cmhStatistic());
    }

    @Test
    void givenNoComparisonEvents_whenEstimated_thenRatioIsUndefinedAndNoEventsAnywhereHasNoTest() {
        StratifiedEstimate noComparison = StratifiedEstimate.of(List.of(table(3, 10, 0, 10), table(1, 5, 0, 5)));
        assertThat(noComparison.riskRatio()).isNull();
        assertThat(noComparison.riskDifference()).as("weights n1 n0 / N: 5 and 2.5").isCloseTo(2 / 7.5, within(1e-12));

        StratifiedEstimate nothing = StratifiedEstimate.of(List.of(table(0, 10, 0, 10)));
        assertThat(nothing.riskDifference()).isZero();
        assertThat(nothing.riskRatio()).isNull();
        assertThat(nothing.cmhStatistic()).isNull();

        StratifiedEstimate empty = StratifiedEstimate.of(List.of(table(0, 0, 0, 4)));
        assertThat(empty.strataUsed()).isZero();
        assertThat(empty.riskDifference()).isNull();
    }
}

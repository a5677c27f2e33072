package de.pilotregistry.query.outcomes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values: Yang and Dalton's formula written out with R 4.2.2's base matrix algebra,
 * {@code docs/reference/balance.R}; for two categories the measure is the binary standardized difference's size.
 */
class BalanceReaderTest {

    @Test
    void givenTwoCategories_whenMultivariate_thenItIsTheSizeOfTheBinaryStandardizedDifference() {
        Double binary = BalanceReader.standardizedDifference(0.3, 0.5);
        assertThat(BalanceReader.multivariateStandardizedDifference(new double[]{0.3, 0.7}, new double[]{0.5, 0.5}))
                .isCloseTo(Math.abs(binary), within(1e-12))
                .isCloseTo(0.41702882811415, within(1e-9));
    }

    @Test
    void givenThreeCategories_whenMultivariate_thenMatchesTheReferenceWhicheverCategoryIsLeftOut() {
        assertThat(BalanceReader.multivariateStandardizedDifference(new double[]{0.2, 0.5, 0.3},
                new double[]{0.4, 0.4, 0.2})).isCloseTo(0.453439606381615, within(1e-9));
        assertThat(BalanceReader.multivariateStandardizedDifference(new double[]{0.3, 0.2, 0.5},
                new double[]{0.2, 0.4, 0.4})).isCloseTo(0.453439606381615, within(1e-9));
    }

    @Test
    void givenACategoryNeitherGroupHas_whenMultivariate_thenItIsLeftOut() {
        assertThat(BalanceReader.multivariateStandardizedDifference(new double[]{0.25, 0, 0.5, 0.25},
                new double[]{0.1, 0, 0.6, 0.3})).isCloseTo(0.402693633128414, within(1e-9));
        assertThat(BalanceReader.multivariateStandardizedDifference(new double[]{1, 0}, new double[]{1, 0}))
                .isZero();
    }

    @Test
    void givenMeansAndSds_whenStandardized_thenMatchesTheReference() {
        assertThat(BalanceReader.standardizedMeanDifference(
                new BalanceReader.Summary(5L, 557.1, 97.6962128232205, List.of()),
                new BalanceReader.Summary(5L, 528.05, 93.5628799257483, List.of())))
                .isCloseTo(0.303705493555239, within(1e-9));
    }
}

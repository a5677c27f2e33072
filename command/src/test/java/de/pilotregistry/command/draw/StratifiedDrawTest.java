package de.pilotregistry.command.draw;

import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.StratumAllocation;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StratifiedDrawTest {

    @Test
    void givenTheSameSeedAndPopulation_whenDrawnTwiceInAnotherOrder_thenTheGroupsAreTheSame() {
        Seed seed = seed(1);
        List<StratifiedDraw.Candidate> population = population(30, 10);
        List<StratifiedDraw.Candidate> shuffled = new ArrayList<>(population);
        Collections.shuffle(shuffled, new Random(7));

        StratifiedDraw.Result first = StratifiedDraw.draw(population, 8, seed);
        StratifiedDraw.Result second = StratifiedDraw.draw(shuffled, 8, seed);

        assertThat(second.participants()).containsExactlyInAnyOrderElementsOf(first.participants());
        assertThat(second.comparison()).containsExactlyInAnyOrderElementsOf(first.comparison());
    }

    @Test
    void givenAnotherSeed_whenDrawn_thenTheGroupsDiffer() {
        List<StratifiedDraw.Candidate> population = population(30, 10);

        assertThat(StratifiedDraw.draw(population, 8, seed(2)).participants())
                .isNotEqualTo(StratifiedDraw.draw(population, 8, seed(3)).participants());
    }

    @Test
    void givenStrataOf30And10_whenDrawing8Places_thenBothGroupsGet6And2AndNoOneIsInBoth() {
        StratifiedDraw.Result result = StratifiedDraw.draw(population(30, 10), 8, seed(4));

        assertThat(result.participants()).hasSize(8).doesNotHaveDuplicates();
        assertThat(result.comparison()).hasSize(8).doesNotHaveDuplicates();
        Set<Pseudonym> participants = new HashSet<>(result.participants());
        assertThat(result.comparison()).noneMatch(participants::contains);
        assertThat(result.strata()).extracting(StratumAllocation::eligible, StratumAllocation::participants,
                StratumAllocation::comparison).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(30, 6, 6), org.assertj.core.groups.Tuple.tuple(10, 2, 2));
    }

    @Test
    void givenManySmallStrata_whenDrawn_thenGroupsAreEqualAndEachStratumDiffersByAtMostOne() {
        List<StratifiedDraw.Candidate> population = new ArrayList<>();
        for (int i = 0; i < 45; i++) { // 15 strata of 3 persons: not shareable equally
            population.add(new StratifiedDraw.Candidate(Pseudonym.of("P-" + i),
                    Map.of(StratumVariable.APPLICANT_TYPE, "T" + (i % 15))));
        }
        StratifiedDraw.Result result = StratifiedDraw.draw(population, 20, seed(5));

        assertThat(result.participants()).hasSize(20);
        assertThat(result.comparison()).hasSize(20);
        for (StratumAllocation stratum : result.strata()) {
            assertThat(Math.abs(stratum.participants() - stratum.comparison())).isLessThanOrEqualTo(1);
            assertThat(stratum.participants() + stratum.comparison()).isLessThanOrEqualTo(stratum.eligible());
        }
    }

    @Test
    void givenFewerThanTwicePlacesEligible_whenDrawn_thenNotEnoughEligible() {
        assertThatThrownBy(() -> StratifiedDraw.draw(population(5, 4), 5, seed(6)))
                .isInstanceOf(NotEnoughEligible.class);
    }

    @Test
    void givenASeed_whenCommitted_thenTheCommitmentIsTheSha256OfItsBytes() throws Exception {
        Seed seed = Seed.generate();
        byte[] bytes = HexFormat.of().parseHex(seed.hex());

        String independent = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(seed.commitment()).isEqualTo(independent).hasSize(64);
        assertThat(seed.matches(independent)).isTrue();
        assertThat(Seed.generate().matches(independent)).isFalse();
    }

    /**
     * Over 2,000 seeds, every one of 40 persons (two strata of 20, 5 places per stratum and group) must land in
     * each group a quarter of the time. Chi-square goodness of fit (commons-math) per group; the seeds are fixed,
     * so the test is deterministic, and a biased ranking (e.g. by pseudonym) fails it by orders of magnitude.
     */
    @Test
    void givenManySeeds_whenDrawn_thenEveryPersonIsEquallyLikelyInEachGroup() {
        List<StratifiedDraw.Candidate> population = population(20, 20);
        int draws = 2_000;
        long[] participant = new long[population.size()];
        long[] comparison = new long[population.size()];
        for (int k = 0; k < draws; k++) {
            StratifiedDraw.Result result = StratifiedDraw.draw(population, 10, seed(1_000 + k));
            result.participants().forEach(p -> participant[index(p)]++);
            result.comparison().forEach(p -> comparison[index(p)]++);
        }
        double[] expected = new double[population.size()];
        java.util.Arrays.fill(expected, draws * 5.0 / 20);

        ChiSquareTest chiSquare = new ChiSquareTest();
        assertThat(chiSquare.chiSquareTest(expected, participant)).as("participant group").isGreaterThan(0.001);
        assertThat(chiSquare.chiSquareTest(expected, comparison)).as("comparison group").isGreaterThan(0.001);
        // Participant and comparison frequencies come from one distribution (chi-square test of homogeneity).
        assertThat(chiSquare.chiSquareTestDataSetsComparison(participant, comparison)).isGreaterThan(0.001);
    }

    /** {@code women} + {@code men} eligible persons, stratified by sex; pseudonyms P-0, P-1, ... */
    private static List<StratifiedDraw.Candidate> population(int women, int men) {
        List<StratifiedDraw.Candidate> population = new ArrayList<>();
        for (int i = 0; i < women + men; i++) {
            population.add(new StratifiedDraw.Candidate(Pseudonym.of("P-" + i),
                    Map.of(StratumVariable.SEX, i < women ? "FEMALE" : "MALE")));
        }
        return population;
    }

    private static int index(Pseudonym person) {
        return Integer.parseInt(person.value().substring(2));
    }

    /** A fixed seed per number: SHA-256 of the number's text. */
    private static Seed seed(int number) {
        try {
            return new Seed(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("seed-" + number).getBytes(StandardCharsets.UTF_8))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

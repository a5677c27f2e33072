package de.pilotregistry.shared.draw;

import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.StratumAllocation;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The stratified draw: reproducible from seed and population, equal and balanced groups, and unbiased over many
 * seeds. Every seed is derived from a fixed counter (SHA-256 of "seed-n"), so the statistical tests are
 * deterministic and cannot flake.
 */
class StratifiedDrawTest {

    // --- determinism ------------------------------------------------------------------------------------------

    @Test
    void givenTheSameSeedAndPopulation_whenDrawnTwiceInAnotherOrder_thenTheResultIsIdentical() {
        Seed seed = seed(1);
        List<StratifiedDraw.Candidate> population = twoStrata(30, 10);
        List<StratifiedDraw.Candidate> shuffled = new ArrayList<>(population);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(shuffled).isNotEqualTo(population);

        StratifiedDraw.Result first = StratifiedDraw.draw(population, 8, seed);
        StratifiedDraw.Result second = StratifiedDraw.draw(shuffled, 8, seed);
        StratifiedDraw.Result third = StratifiedDraw.draw(population, 8, new Seed(seed.hex()));

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
    }

    @Test
    void givenOtherSeeds_whenDrawn_thenTheGroupsDiffer() {
        List<StratifiedDraw.Candidate> population = twoStrata(30, 10);
        Set<Set<Pseudonym>> participantGroups = new HashSet<>();
        Set<Set<Pseudonym>> comparisonGroups = new HashSet<>();
        for (int k = 0; k < 50; k++) {
            StratifiedDraw.Result result = StratifiedDraw.draw(population, 8, seed(100 + k));
            participantGroups.add(new HashSet<>(result.participants()));
            comparisonGroups.add(new HashSet<>(result.comparison()));
        }
        assertThat(participantGroups).hasSize(50);
        assertThat(comparisonGroups).hasSize(50);
    }

    @Test
    void givenOneStratum_whenDrawn_thenTheGroupsFollowTheDocumentedSha256RankSoAnAuditorCanRepeatIt() throws Exception {
        List<StratifiedDraw.Candidate> population = twoStrata(12, 0);
        Seed seed = seed(2);
        byte[] seedBytes = HexFormat.of().parseHex(seed.hex());
        List<Pseudonym> ranked = population.stream().map(StratifiedDraw.Candidate::person)
                .sorted(Comparator.comparing((Pseudonym p) -> sha256(seedBytes, new byte[]{0},
                        p.value().getBytes(StandardCharsets.UTF_8)), Arrays::compareUnsigned))
                .toList();

        StratifiedDraw.Result result = StratifiedDraw.draw(population, 4, seed);

        assertThat(result.participants()).containsExactlyElementsOf(ranked.subList(0, 4));
        assertThat(result.comparison()).containsExactlyElementsOf(ranked.subList(4, 8));
    }

    // --- sizes and balance ------------------------------------------------------------------------------------

    @Test
    void givenStrataOf30And10_whenDrawing8Places_thenBothGroupsGet6And2AndNoOneIsInBoth() {
        List<StratifiedDraw.Candidate> population = twoStrata(30, 10);
        StratifiedDraw.Result result = StratifiedDraw.draw(population, 8, seed(4));

        assertThat(result.participants()).hasSize(8).doesNotHaveDuplicates();
        assertThat(result.comparison()).hasSize(8).doesNotHaveDuplicates();
        assertThat(result.comparison()).doesNotContainAnyElementsOf(result.participants());
        assertThat(result.strata()).extracting(StratumAllocation::eligible, StratumAllocation::participants,
                StratumAllocation::comparison).containsExactlyInAnyOrder(tuple(30, 6, 6), tuple(10, 2, 2));
        assertThat(result.participants().stream().filter(p -> index(p) < 30)).hasSize(6);
        assertThat(result.comparison().stream().filter(p -> index(p) < 30)).hasSize(6);
    }

    @Test
    void givenExactlyTwicePlacesEligible_whenDrawn_thenEveryoneIsInExactlyOneGroup() {
        List<StratifiedDraw.Candidate> population = twoStrata(7, 5);
        StratifiedDraw.Result result = StratifiedDraw.draw(population, 6, seed(5));

        Set<Pseudonym> everyone = new HashSet<>(result.participants());
        everyone.addAll(result.comparison());
        assertThat(everyone).hasSize(12)
                .containsExactlyInAnyOrderElementsOf(population.stream().map(StratifiedDraw.Candidate::person).toList());
        assertThat(result.participants()).hasSize(6);
        assertThat(result.comparison()).hasSize(6);
    }

    @Test
    void givenManySmallStrata_whenDrawn_thenGroupsAreEqualAndEachStratumDiffersByAtMostOne() {
        List<StratifiedDraw.Candidate> population = new ArrayList<>();
        for (int i = 0; i < 45; i++) { // 15 strata of 3 persons: not shareable equally
            population.add(new StratifiedDraw.Candidate(Pseudonym.of("P-" + i),
                    Map.of(StratumVariable.APPLICANT_TYPE, "T" + (i % 15))));
        }
        StratifiedDraw.Result result = StratifiedDraw.draw(population, 20, seed(6));

        assertValid(population, 20, result);
    }

    /**
     * 500 fixed populations of 1 to 8 strata of 2 to 16 persons each, every possible number of places: equal
     * groups, no one twice, every stratum within one person between the groups and within one person of its
     * proportional share places * N_h / N.
     */
    @Test
    void givenManyPopulationsWithoutSingletonStrata_whenDrawn_thenEveryStratumIsBalancedAndProportionalWithinOne() {
        Random random = new Random(20110301);
        for (int c = 0; c < 500; c++) {
            List<StratifiedDraw.Candidate> population = randomPopulation(random, 1 + random.nextInt(8), 2, 16);
            int places = 1 + random.nextInt(population.size() / 2);
            StratifiedDraw.Result result = StratifiedDraw.draw(population, places, seed(10_000 + c));
            assertValid(population, places, result);
            assertProportional(population.size(), places, result);
        }
    }

    /** The same rule as above, with a large stratum and ten single persons (their only chance is a one-sided seat). */
    @Test
    void givenALargeStratumAndTenSingleOnes_whenDrawn_thenEveryStratumIsProportionalWithinOne() {
        List<StratifiedDraw.Candidate> population = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            population.add(candidate("A-" + i, "A"));
        }
        for (int i = 0; i < 10; i++) {
            population.add(candidate("S-" + i, "S" + i));
        }
        StratifiedDraw.Result result = StratifiedDraw.draw(population, 10, seed(7));

        assertValid(population, 10, result);
        assertProportional(population.size(), 10, result);
    }

    // --- refusals and the seed --------------------------------------------------------------------------------

    @Test
    void givenFewerThanTwicePlacesEligible_whenDrawn_thenRefused() {
        assertThatThrownBy(() -> StratifiedDraw.draw(twoStrata(5, 4), 5, seed(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 eligible persons, not 9");
    }

    @Test
    void givenNoPlaces_whenDrawn_thenRefused() {
        assertThatThrownBy(() -> StratifiedDraw.draw(twoStrata(5, 4), 0, seed(8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenASeed_whenCommitted_thenTheCommitmentIsTheSha256OfItsThirtyTwoBytes() throws Exception {
        Seed seed = Seed.generate();
        byte[] bytes = HexFormat.of().parseHex(seed.hex());
        assertThat(bytes).hasSize(32);

        String independent = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(seed.commitment()).isEqualTo(independent).hasSize(64);
        assertThat(seed.matches(independent)).isTrue();
        assertThat(Seed.generate().matches(independent)).isFalse();
        assertThat(Seed.generate().hex()).isNotEqualTo(seed.hex());
    }

    @Test
    void givenHexThatIsNot32Bytes_whenMadeASeed_thenRefused() {
        assertThatThrownBy(() -> new Seed("abcd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Seed("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenEqualStrataInAnotherMapOrder_whenDrawn_thenTheyAreOneStratum() {
        List<StratifiedDraw.Candidate> population = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<StratumVariable, String> stratum = new LinkedHashMap<>();
            if (i % 2 == 0) {
                stratum.put(StratumVariable.SEX, "FEMALE");
                stratum.put(StratumVariable.APPLICANT_TYPE, "MARKET");
            } else {
                stratum.put(StratumVariable.APPLICANT_TYPE, "MARKET");
                stratum.put(StratumVariable.SEX, "FEMALE");
            }
            population.add(new StratifiedDraw.Candidate(Pseudonym.of("P-" + i), stratum));
        }

        StratifiedDraw.Result result = StratifiedDraw.draw(population, 4, seed(9));

        assertThat(result.strata()).singleElement().satisfies(s -> assertThat(s.eligible()).isEqualTo(8));
    }

    // --- unbiasedness -----------------------------------------------------------------------------------------

    /**
     * Over 2,000 seeds, each of 40 persons (two strata of 20; 10 places, so 5 per stratum and group) must be a
     * participant a quarter of the time and a comparison person a quarter of the time: chi-square goodness of fit
     * (commons-math) per group, and a chi-square test that both groups' frequencies come from one distribution.
     * A biased ranking (say, by pseudonym) fails this by many orders of magnitude.
     */
    @Test
    void givenManySeeds_whenDrawn_thenEveryPersonIsEquallyLikelyInEachGroup() {
        assertUnbiased(twoStrata(20, 20), 10, 2_000, 20_000);
    }

    /**
     * Strata of 30 and 10 with 10 places: the shares 7.5 and 2.5 tie on the remainder, and the seeded tie-break
     * must give the extra place to either stratum equally often, so that again everyone is a participant (and a
     * comparison person) with probability 10/40.
     */
    @Test
    void givenStrataWhoseSharesTie_whenDrawnWithManySeeds_thenTheTieBreakIsFairAndEveryPersonEquallyLikely() {
        assertUnbiased(twoStrata(30, 10), 10, 2_000, 30_000);
    }

    @Test
    void givenStrataTooSmallToShareWithUnequalRemainders_whenDrawnWithManySeeds_thenParticipantAndComparisonAreAlike() {
        List<StratifiedDraw.Candidate> population = new ArrayList<>();
        int[] sizes = {3, 3, 1, 2};
        for (int s = 0; s < sizes.length; s++) {
            for (int i = 0; i < sizes[s]; i++) {
                population.add(candidate("P-" + population.size(), "T" + s));
            }
        }
        long[] participant = new long[population.size()];
        long[] comparison = new long[population.size()];
        for (int k = 0; k < 2_000; k++) {
            StratifiedDraw.Result result = StratifiedDraw.draw(population, 4, seed(40_000 + k));
            result.participants().forEach(p -> participant[index(p)]++);
            result.comparison().forEach(p -> comparison[index(p)]++);
        }
        assertThat(new ChiSquareTest().chiSquareTestDataSetsComparison(participant, comparison))
                .as("participant %s vs comparison %s", Arrays.toString(participant), Arrays.toString(comparison))
                .isGreaterThan(0.001);
    }

    private static void assertUnbiased(List<StratifiedDraw.Candidate> population, int places, int draws, int seedBase) {
        long[] participant = new long[population.size()];
        long[] comparison = new long[population.size()];
        for (int k = 0; k < draws; k++) {
            StratifiedDraw.Result result = StratifiedDraw.draw(population, places, seed(seedBase + k));
            result.participants().forEach(p -> participant[index(p)]++);
            result.comparison().forEach(p -> comparison[index(p)]++);
        }
        double[] expected = new double[population.size()];
        Arrays.fill(expected, (double) draws * places / population.size());

        ChiSquareTest chiSquare = new ChiSquareTest();
        assertThat(Arrays.stream(participant).sum()).isEqualTo((long) draws * places);
        assertThat(Arrays.stream(comparison).sum()).isEqualTo((long) draws * places);
        assertThat(chiSquare.chiSquareTest(expected, participant))
                .as("participant group %s", Arrays.toString(participant)).isGreaterThan(0.001);
        assertThat(chiSquare.chiSquareTest(expected, comparison))
                .as("comparison group %s", Arrays.toString(comparison)).isGreaterThan(0.001);
        assertThat(chiSquare.chiSquareTestDataSetsComparison(participant, comparison))
                .as("participant and comparison frequencies from one distribution").isGreaterThan(0.001);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Equal groups of {@code places}, distinct persons from the population, per-stratum counts that add up. */
    private static void assertValid(List<StratifiedDraw.Candidate> population, int places, StratifiedDraw.Result result) {
        assertThat(result.participants()).hasSize(places).doesNotHaveDuplicates();
        assertThat(result.comparison()).hasSize(places).doesNotHaveDuplicates();
        assertThat(result.comparison()).doesNotContainAnyElementsOf(result.participants());

        Map<Pseudonym, Map<StratumVariable, String>> stratumOf = new HashMap<>();
        population.forEach(c -> stratumOf.put(c.person(), c.stratum()));
        assertThat(stratumOf.keySet()).containsAll(result.participants()).containsAll(result.comparison());

        Map<Map<StratumVariable, String>, Integer> eligible = new HashMap<>();
        population.forEach(c -> eligible.merge(c.stratum(), 1, Integer::sum));
        assertThat(result.strata()).hasSize(eligible.size());
        for (StratumAllocation stratum : result.strata()) {
            assertThat(stratum.eligible()).isEqualTo(eligible.get(stratum.stratum()));
            assertThat(result.participants().stream().filter(p -> stratumOf.get(p).equals(stratum.stratum())))
                    .hasSize(stratum.participants());
            assertThat(result.comparison().stream().filter(p -> stratumOf.get(p).equals(stratum.stratum())))
                    .hasSize(stratum.comparison());
            assertThat(stratum.participants() + stratum.comparison()).isLessThanOrEqualTo(stratum.eligible());
            assertThat(Math.abs(stratum.participants() - stratum.comparison()))
                    .as("stratum %s", stratum).isLessThanOrEqualTo(1);
        }
        assertThat(result.strata().stream().mapToInt(StratumAllocation::participants).sum()).isEqualTo(places);
        assertThat(result.strata().stream().mapToInt(StratumAllocation::comparison).sum()).isEqualTo(places);
    }

    private static void assertProportional(int total, int places, StratifiedDraw.Result result) {
        for (StratumAllocation stratum : result.strata()) {
            double share = (double) places * stratum.eligible() / total;
            assertThat((double) stratum.participants()).as("participants of %s, share %.3f", stratum, share)
                    .isBetween(share - 1, share + 1);
            assertThat((double) stratum.comparison()).as("comparison of %s, share %.3f", stratum, share)
                    .isBetween(share - 1, share + 1);
        }
    }

    private static List<StratifiedDraw.Candidate> randomPopulation(Random random, int strata, int minSize, int maxSize) {
        List<StratifiedDraw.Candidate> population = new ArrayList<>();
        for (int s = 0; s < strata; s++) {
            int size = minSize + random.nextInt(maxSize - minSize + 1);
            for (int i = 0; i < size; i++) {
                population.add(candidate("P-" + population.size(), "T" + s));
            }
        }
        return population;
    }

    /** {@code women} + {@code men} eligible persons, stratified by sex; pseudonyms P-0, P-1, ... */
    private static List<StratifiedDraw.Candidate> twoStrata(int women, int men) {
        List<StratifiedDraw.Candidate> population = new ArrayList<>();
        for (int i = 0; i < women + men; i++) {
            population.add(new StratifiedDraw.Candidate(Pseudonym.of("P-" + i),
                    Map.of(StratumVariable.SEX, i < women ? "FEMALE" : "MALE")));
        }
        return population;
    }

    private static StratifiedDraw.Candidate candidate(String person, String applicantType) {
        return new StratifiedDraw.Candidate(Pseudonym.of(person), Map.of(StratumVariable.APPLICANT_TYPE, applicantType));
    }

    private static int index(Pseudonym person) {
        return Integer.parseInt(person.value().substring(2));
    }

    /** A fixed seed per number: the SHA-256 of "seed-" and the number. */
    private static Seed seed(int number) {
        return new Seed(HexFormat.of().formatHex(sha256(("seed-" + number).getBytes(StandardCharsets.UTF_8))));
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

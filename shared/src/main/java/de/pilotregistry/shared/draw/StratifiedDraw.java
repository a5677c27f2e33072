package de.pilotregistry.shared.draw;

import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.pilot.StratumAllocation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The published draw algorithm ({@value #ALGORITHM}), specified in docs/draw-algorithm.md: the write side draws with
 * it and the audit re-check repeats it. Stratified random draw with proportional allocation: from the eligible persons, {@code places}
 * participants and as many comparison persons, each group with the stratum mix of the eligible population.
 *
 * <p>Per stratum h with N_h of N eligible, each group gets q_h = places * N_h / N, rounded by largest
 * remainder (ties in the seeded rank of the stratum) and never more than N_h / 2, so both groups get the same
 * count in each stratum; no stratum gets more than its share rounded up. Only when strata are too small for
 * that (many strata of one odd person) does a stratum hold one person more in one group than in the other,
 * alternating between the groups from a side the seed chooses (lowest bit of SHA-256(seed, 0x00, "first-side"):
 * 0 = participants first).
 *
 * <p>Within a stratum persons are ranked by SHA-256(seed, 0x00, pseudonym); the first q_h go to the
 * participant group, the next q_h to the comparison group. The result depends only on the seed and the
 * set of eligible persons, not on the order of the input, and an auditor can repeat it with any SHA-256 tool.
 */
public final class StratifiedDraw {

    public static final String ALGORITHM = "sha256-rank-stratified-proportional-v2";

    public record Candidate(Pseudonym person, Map<StratumVariable, String> stratum) {
    }

    public record Result(List<Pseudonym> participants, List<Pseudonym> comparison, List<StratumAllocation> strata) {
    }

    private StratifiedDraw() {
    }

    /**
     * The candidates of a draw: the eligible persons of the population as last recorded before the draw, each with
     * the values of the pilot's stratum variables (the age class as derived on the pilot start and recorded).
     */
    public static List<Candidate> candidates(Collection<PopulationMemberRecorded> population,
                                             List<StratumVariable> strata) {
        return population.stream().filter(PopulationMemberRecorded::eligible)
                .map(member -> new Candidate(member.person(),
                        stratum(strata, member.sex(), member.ageClass(), member.applicantType()))).toList();
    }

    /** A person's stratum: the codes of the pilot's stratum variables (the age class as recorded). */
    public static Map<StratumVariable, String> stratum(List<StratumVariable> strata, Sex sex, AgeClass ageClass,
                                                       ApplicantType applicantType) {
        Map<StratumVariable, String> stratum = new EnumMap<>(StratumVariable.class);
        for (StratumVariable variable : strata) {
            stratum.put(variable, switch (variable) {
                case SEX -> sex.name();
                case AGE_CLASS -> ageClass.name();
                case APPLICANT_TYPE -> applicantType.name();
            });
        }
        return stratum;
    }

    /**
     * @throws IllegalArgumentException when {@code places} is not positive or fewer than twice {@code places} persons
     *                                  are eligible (the write side refuses such a draw before it gets here)
     */
    public static Result draw(Collection<Candidate> eligible, int places, Seed seed) {
        if (places <= 0) {
            throw new IllegalArgumentException("places must be positive");
        }
        if (eligible.size() < 2L * places) {
            throw new IllegalArgumentException("the draw needs " + 2L * places + " eligible persons, not "
                    + eligible.size());
        }
        byte[] seedBytes = seed.bytes();
        List<Stratum> strata = strata(eligible, seedBytes);
        allocate(strata, places, eligible.size(), seedBytes);

        List<Pseudonym> participants = new ArrayList<>();
        List<Pseudonym> comparison = new ArrayList<>();
        List<StratumAllocation> allocations = new ArrayList<>();
        for (Stratum stratum : strata) {
            List<Pseudonym> ranked = stratum.members.stream()
                    .sorted(Comparator.comparing((Pseudonym p) -> rank(seedBytes, p.value()), Arrays::compareUnsigned)
                            .thenComparing(Pseudonym::value))
                    .toList();
            participants.addAll(ranked.subList(0, stratum.participants));
            comparison.addAll(ranked.subList(stratum.participants, stratum.participants + stratum.comparison));
            allocations.add(new StratumAllocation(stratum.values, stratum.members.size(), stratum.participants,
                    stratum.comparison));
        }
        return new Result(List.copyOf(participants), List.copyOf(comparison), List.copyOf(allocations));
    }

    private static List<Stratum> strata(Collection<Candidate> eligible, byte[] seed) {
        Map<String, Stratum> byKey = new TreeMap<>();
        for (Candidate candidate : eligible) {
            String key = key(candidate.stratum());
            byKey.computeIfAbsent(key, k -> new Stratum(k, new TreeMap<>(candidate.stratum()),
                    rank(seed, "stratum:" + k))).members.add(candidate.person());
        }
        return new ArrayList<>(byKey.values());
    }

    private static void allocate(List<Stratum> strata, int places, int total, byte[] seed) {
        int left = places;
        for (Stratum stratum : strata) {
            stratum.exactShare = (double) places * stratum.members.size() / total;
            stratum.participants = Math.min((int) Math.floor(stratum.exactShare), stratum.members.size() / 2);
            stratum.comparison = stratum.participants;
            left -= stratum.participants;
        }
        List<Stratum> byRemainder = strata.stream()
                .sorted(Comparator.comparingDouble((Stratum s) -> s.exactShare - Math.floor(s.exactShare)).reversed()
                        .thenComparing(s -> s.tieBreak, Arrays::compareUnsigned))
                .toList();
        // Largest remainder: one more place in both groups, up to the rounded-up share, where two persons are spare.
        for (Stratum stratum : byRemainder) {
            if (left > 0 && stratum.spare() >= 2 && stratum.participants < Math.ceil(stratum.exactShare)) {
                stratum.participants++;
                stratum.comparison++;
                left--;
            }
        }
        // Strata too small to share equally: one person more in one group, alternating between the groups from a
        // side the seed chooses, so that no group is favoured.
        int participantSeats = left;
        int comparisonSeats = left;
        boolean participantTurn = (rank(seed, "first-side")[0] & 1) == 0;
        for (Stratum stratum : byRemainder) {
            if (participantSeats + comparisonSeats > 0 && stratum.spare() >= 1
                    && Math.max(stratum.participants, stratum.comparison) < Math.ceil(stratum.exactShare)) {
                if (participantTurn && participantSeats > 0 || comparisonSeats == 0) {
                    stratum.participants++;
                    participantSeats--;
                } else {
                    stratum.comparison++;
                    comparisonSeats--;
                }
                participantTurn = !participantTurn;
            }
        }
        // Last resort, when eligible persons barely cover both groups: any spare person, beyond the share.
        while (participantSeats + comparisonSeats > 0) {
            boolean placed = false;
            for (Stratum stratum : byRemainder) {
                if (participantSeats > 0 && stratum.spare() >= 1) {
                    stratum.participants++;
                    participantSeats--;
                    placed = true;
                }
                if (comparisonSeats > 0 && stratum.spare() >= 1) {
                    stratum.comparison++;
                    comparisonSeats--;
                    placed = true;
                }
            }
            if (!placed) {
                throw new IllegalStateException("allocation left places over; 2 * places <= eligible was checked");
            }
        }
    }

    /** The stratum's name, in the order of the stratum variables (not of the map). */
    public static String key(Map<StratumVariable, String> stratum) {
        return new TreeMap<>(stratum).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("|"));
    }

    static byte[] rank(byte[] seed, String value) {
        return Seed.sha256(seed, new byte[]{0}, value.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Stratum {
        final String key;
        final Map<StratumVariable, String> values;
        final byte[] tieBreak;
        final List<Pseudonym> members = new ArrayList<>();
        double exactShare;
        int participants;
        int comparison;

        Stratum(String key, Map<StratumVariable, String> values, byte[] tieBreak) {
            this.key = key;
            this.values = values;
            this.tieBreak = tieBreak;
        }

        int spare() {
            return members.size() - participants - comparison;
        }
    }
}

package de.pilotregistry.query.outcomes;

import de.pilotregistry.query.cases.CaseStates.PersonState;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.Group;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The outcome figures of one or more pilots from person states and job starts: intention to treat, so
 * everyone drawn counts in the group drawn, whatever happened later. Pure arithmetic, no database.
 */
public final class OutcomeTable {

    public static final String FIRST_LABOUR_MARKET = "INTEGRATION_FIRST_LABOUR_MARKET";

    /** One job start of a person of the pilot, in (from, to]. */
    public record JobStart(String person, EmploymentType type) {
    }

    /**
     * A person's membership in one pilot: pooled pilots may share persons, and each (pilot, person) counts on its
     * own, with the group drawn in that pilot.
     */
    record Member(String pilot, String person) {
    }

    /**
     * {@code persons} of the group's {@code n} with the outcome; {@code suppressed} names the fields left null as small
     * counts (docs/outcome-definitions.md, "Small counts").
     */
    public record GroupFigure(Long persons, Long n, Double share, List<String> suppressed) {
    }

    /**
     * {@code estimate} names what the effect figures are: {@code CRUDE}, one table of everyone counted.
     * {@code suppressed} names the fields (and {@code jobStarts.participant}, {@code jobStarts.comparison}) left null
     * because they would show or recover a small count.
     */
    public record Outcome(String outcome, String estimate, GroupFigure participant, GroupFigure comparison,
                          Double difference, double[] differenceCi95, Double ratio, double[] ratioCi95,
                          Double fisherP, Map<String, Long> jobStarts, boolean provisional, LocalDate finalAfter,
                          List<String> suppressed) {
    }

    /** An interval estimate with the method that made it. */
    public record Estimate(Double estimate, double[] ci95, String method) {
    }

    public record Test(Double statistic, Integer df, Double p, String method) {
    }

    /** The effect on one outcome summarised over strata (pilots, or one pilot's randomization strata). */
    public record StratifiedOutcome(String outcome, int strataUsed, Estimate riskDifference, Estimate riskRatio,
                                    Test cochranMantelHaenszel) {
    }

    /**
     * Members of each group of one pilot (or several pooled), their states on {@code from} and {@code to}, their job
     * starts and contacts, and the person-months over which contacts are counted.
     */
    public static final class Input {
        final Map<Member, Group> groupOf = new HashMap<>();
        final Map<Member, PersonState> atFrom = new HashMap<>();
        final Map<Member, PersonState> atTo = new HashMap<>();
        final List<Map.Entry<Member, EmploymentType>> jobStarts = new ArrayList<>();
        private final String pilot;
        private final double months;
        private final LocalDate knownOn;
        /** The last day on which a re-entry could still turn a counted exit into a break, if not yet passed. */
        private LocalDate finalAfter;
        long participantContacts;
        long comparisonContacts;
        double participantMonths;
        double comparisonMonths;

        /** An empty input to pool others into. */
        public Input() {
            this(null, null, null, null);
        }

        /**
         * The input of one pilot read from {@code from} to {@code to} (months = days / 30.4375), as known on the
         * day {@code knownOn}.
         */
        public Input(String pilot, LocalDate from, LocalDate to, LocalDate knownOn) {
            this.pilot = pilot;
            this.months = from == null ? 0 : ChronoUnit.DAYS.between(from, to) / (365.25 / 12);
            this.knownOn = knownOn;
        }

        public void add(PersonState from, PersonState to) {
            if (to.group() == Group.PARTICIPANT || to.group() == Group.COMPARISON) {
                Member member = new Member(pilot, to.person());
                groupOf.put(member, to.group());
                atFrom.put(member, from);
                atTo.put(member, to);
                if (!to.entitled() && to.exitedOn() != null) {
                    // Facts may not lie in the future: a re-entry dated up to 7 days after the exit can still
                    // arrive while that day has not passed as known.
                    LocalDate lastReentry = to.exitedOn().plusDays(7);
                    if (!lastReentry.isBefore(knownOn)) {
                        laterFinal(lastReentry);
                    }
                }
                if (to.group() == Group.PARTICIPANT) {
                    participantMonths += months;
                } else {
                    comparisonMonths += months;
                }
            }
        }

        private void laterFinal(LocalDate date) {
            if (date != null && (finalAfter == null || date.isAfter(finalAfter))) {
                finalAfter = date;
            }
        }

        public LocalDate finalAfter() {
            return finalAfter;
        }

        public Group groupOf(String person) {
            return groupOf.get(new Member(pilot, person));
        }

        public void addJobStarts(Collection<JobStart> starts) {
            for (JobStart start : starts) {
                Member member = new Member(pilot, start.person());
                if (groupOf.containsKey(member)) {
                    jobStarts.add(Map.entry(member, start.type()));
                }
            }
        }

        public void addContacts(Group group, long contacts) {
            if (group == Group.PARTICIPANT) {
                participantContacts += contacts;
            } else if (group == Group.COMPARISON) {
                comparisonContacts += contacts;
            }
        }

        public void addAll(Input other) {
            groupOf.putAll(other.groupOf);
            atFrom.putAll(other.atFrom);
            atTo.putAll(other.atTo);
            jobStarts.addAll(other.jobStarts);
            participantContacts += other.participantContacts;
            comparisonContacts += other.comparisonContacts;
            participantMonths += other.participantMonths;
            comparisonMonths += other.comparisonMonths;
            laterFinal(other.finalAfter);
        }

        long n(Group group) {
            return groupOf.values().stream().filter(group::equals).count();
        }
    }

    /** How one outcome is decided for a member, and which job starts it counts (null: none). */
    private record Definition(String name, Predicate<Member> counted, Predicate<EmploymentType> starts,
                              boolean onEntitlement) {
    }

    private OutcomeTable() {
    }

    public static List<Outcome> outcomes(Input input) {
        return definitions(input).stream().map(definition -> outcome(definition, input)).toList();
    }

    /**
     * Mantel-Haenszel summaries of every outcome over the given strata, each stratum one 2×2 table
     * ({@link StratifiedEstimate}).
     */
    public static List<StratifiedOutcome> stratified(Collection<Input> strata) {
        Map<String, List<StratifiedEstimate.Table>> tables = new LinkedHashMap<>();
        for (Input stratum : strata) {
            for (Definition definition : definitions(stratum)) {
                long[] counts = counts(definition, stratum);
                tables.computeIfAbsent(definition.name(), name -> new ArrayList<>())
                        .add(new StratifiedEstimate.Table(counts[0], counts[1], counts[2], counts[3]));
            }
        }
        List<StratifiedOutcome> outcomes = new ArrayList<>();
        tables.forEach((name, list) -> {
            StratifiedEstimate estimate = StratifiedEstimate.of(list);
            outcomes.add(new StratifiedOutcome(name, estimate.strataUsed(),
                    new Estimate(estimate.riskDifference(), estimate.riskDifferenceCi95(), RISK_DIFFERENCE),
                    new Estimate(estimate.riskRatio(), estimate.riskRatioCi95(), RISK_RATIO),
                    new Test(estimate.cmhStatistic(), estimate.cmhStatistic() == null ? null : 1, estimate.cmhP(),
                            CMH_TEST)));
        });
        return outcomes;
    }

    static final String RISK_DIFFERENCE = "MANTEL_HAENSZEL_SATO";
    static final String RISK_RATIO = "MANTEL_HAENSZEL_GREENLAND_ROBINS";
    static final String CMH_TEST = "COCHRAN_MANTEL_HAENSZEL_UNCORRECTED";

    private static List<Definition> definitions(Input input) {
        Map<Member, Set<EmploymentType>> typesOf = new HashMap<>();
        input.jobStarts.forEach(start -> typesOf.computeIfAbsent(start.getKey(), p -> new HashSet<>())
                .add(start.getValue()));
        List<Definition> definitions = new ArrayList<>();
        definitions.add(new Definition("EXIT", member -> !input.atTo.get(member).entitled(), null, true));
        definitions.add(new Definition("REDUCTION",
                member -> reduced(input.atFrom.get(member), input.atTo.get(member)), null, true));
        definitions.add(new Definition(FIRST_LABOUR_MARKET,
                member -> typesOf.getOrDefault(member, Set.of()).stream().anyMatch(EmploymentType::isFirstLabourMarket),
                EmploymentType::isFirstLabourMarket, false));
        for (EmploymentType type : EmploymentType.values()) {
            definitions.add(new Definition("INTEGRATION_" + type.name(),
                    member -> typesOf.getOrDefault(member, Set.of()).contains(type), type::equals, false));
        }
        return definitions;
    }

    /**
     * Contacts per participant (and per comparison person) per month: contacts over the person-months of the
     * members' windows (each pilot's window when pooled).
     */
    public static Map<String, Double> contactDensity(Input input) {
        Map<String, Double> density = new LinkedHashMap<>();
        density.put("participant", input.participantMonths <= 0 ? null
                : input.participantContacts / input.participantMonths);
        density.put("comparison", input.comparisonMonths <= 0 ? null
                : input.comparisonContacts / input.comparisonMonths);
        return density;
    }

    /** Entitled on both dates, with a monthly claim on {@code to} below the one on {@code from}. */
    static boolean reduced(PersonState from, PersonState to) {
        BigDecimal before = from.monthlyClaim();
        BigDecimal after = to.monthlyClaim();
        return from.entitled() && to.entitled() && before != null && after != null && after.compareTo(before) < 0;
    }

    private static Map<String, Long> starts(Input input, Predicate<EmploymentType> counted) {
        Map<Group, Long> counts = new EnumMap<>(Group.class);
        input.jobStarts.stream().filter(start -> counted.test(start.getValue()))
                .forEach(start -> counts.merge(input.groupOf.get(start.getKey()), 1L, Long::sum));
        Map<String, Long> starts = new LinkedHashMap<>();
        starts.put("participant", counts.getOrDefault(Group.PARTICIPANT, 0L));
        starts.put("comparison", counts.getOrDefault(Group.COMPARISON, 0L));
        return starts;
    }

    /** {x participants with, n participants, x comparison with, n comparison}. */
    private static long[] counts(Definition definition, Input input) {
        long xT = 0;
        long xC = 0;
        for (Map.Entry<Member, Group> member : input.groupOf.entrySet()) {
            if (definition.counted().test(member.getKey())) {
                if (member.getValue() == Group.PARTICIPANT) {
                    xT++;
                } else {
                    xC++;
                }
            }
        }
        return new long[]{xT, input.n(Group.PARTICIPANT), xC, input.n(Group.COMPARISON)};
    }

    private static Outcome outcome(Definition definition, Input input) {
        long[] counts = counts(definition, input);
        EffectEstimate effect = EffectEstimate.of(counts[0], counts[1], counts[2], counts[3]);
        return new Outcome(definition.name(), "CRUDE",
                new GroupFigure(counts[0], counts[1], effect.share1(), List.of()),
                new GroupFigure(counts[2], counts[3], effect.share2(), List.of()), effect.difference(),
                effect.differenceCi95(), effect.ratio(), effect.ratioCi95(), effect.fisherP(),
                definition.starts() == null ? null : starts(input, definition.starts()),
                definition.onEntitlement() && input.finalAfter() != null,
                definition.onEntitlement() ? input.finalAfter() : null, List.of());
    }
}

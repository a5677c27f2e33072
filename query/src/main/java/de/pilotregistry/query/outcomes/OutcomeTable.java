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

/**
 * The outcome figures of one or more pilots from person states and job starts: intention to treat, so
 * everyone drawn counts in the group drawn, whatever happened later. Pure arithmetic, no database.
 */
public final class OutcomeTable {

    public static final String FIRST_LABOUR_MARKET = "INTEGRATION_FIRST_LABOUR_MARKET";

    /** One job start of a person of the pilot, in (from, to]. */
    public record JobStart(String person, EmploymentType type) {
    }

    public record GroupFigure(long persons, long n, Double share) {
    }

    public record Outcome(String outcome, GroupFigure participant, GroupFigure comparison, Double difference,
                          double[] differenceCi95, Double ratio, double[] ratioCi95, Double fisherP,
                          Map<String, Long> jobStarts) {
    }

    /** Persons of each group, their states on {@code from} and {@code to}, their job starts and contacts. */
    public static final class Input {
        final Map<String, Group> groupOf = new HashMap<>();
        final Map<String, PersonState> atFrom = new HashMap<>();
        final Map<String, PersonState> atTo = new HashMap<>();
        final List<JobStart> jobStarts = new ArrayList<>();
        long participantContacts;
        long comparisonContacts;

        public void add(PersonState from, PersonState to) {
            if (to.group() == Group.PARTICIPANT || to.group() == Group.COMPARISON) {
                groupOf.put(to.person(), to.group());
                atFrom.put(from.person(), from);
                atTo.put(to.person(), to);
            }
        }

        public void addJobStarts(Collection<JobStart> starts) {
            starts.stream().filter(start -> groupOf.containsKey(start.person())).forEach(jobStarts::add);
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
        }

        long n(Group group) {
            return groupOf.values().stream().filter(group::equals).count();
        }
    }

    private OutcomeTable() {
    }

    public static List<Outcome> outcomes(Input input) {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(outcome("EXIT", input, person -> !input.atTo.get(person).entitled(), null));
        outcomes.add(outcome("REDUCTION", input, person -> reduced(input.atFrom.get(person), input.atTo.get(person)),
                null));
        Map<String, Set<EmploymentType>> typesOf = new HashMap<>();
        input.jobStarts.forEach(start -> typesOf.computeIfAbsent(start.person(), p -> new HashSet<>()).add(start.type()));
        outcomes.add(outcome(FIRST_LABOUR_MARKET, input,
                person -> typesOf.getOrDefault(person, Set.of()).stream().anyMatch(EmploymentType::isFirstLabourMarket),
                starts(input, EmploymentType::isFirstLabourMarket)));
        for (EmploymentType type : EmploymentType.values()) {
            outcomes.add(outcome("INTEGRATION_" + type.name(), input,
                    person -> typesOf.getOrDefault(person, Set.of()).contains(type), starts(input, type::equals)));
        }
        return outcomes;
    }

    /** Contacts per participant (and per comparison person) per month of the period. */
    public static Map<String, Double> contactDensity(Input input, LocalDate from, LocalDate to) {
        double months = ChronoUnit.DAYS.between(from, to) / (365.25 / 12);
        Map<String, Double> density = new LinkedHashMap<>();
        long participants = input.n(Group.PARTICIPANT);
        long comparison = input.n(Group.COMPARISON);
        density.put("participant", participants == 0 || months <= 0 ? null : input.participantContacts / (participants * months));
        density.put("comparison", comparison == 0 || months <= 0 ? null : input.comparisonContacts / (comparison * months));
        return density;
    }

    /** Entitled on both dates, with a monthly claim on {@code to} below the one on {@code from}. */
    static boolean reduced(PersonState from, PersonState to) {
        BigDecimal before = from.monthlyClaim();
        BigDecimal after = to.monthlyClaim();
        return from.entitled() && to.entitled() && before != null && after != null && after.compareTo(before) < 0;
    }

    private static Map<String, Long> starts(Input input, java.util.function.Predicate<EmploymentType> counted) {
        Map<Group, Long> counts = new EnumMap<>(Group.class);
        input.jobStarts.stream().filter(start -> counted.test(start.type()))
                .forEach(start -> counts.merge(input.groupOf.get(start.person()), 1L, Long::sum));
        Map<String, Long> starts = new LinkedHashMap<>();
        starts.put("participant", counts.getOrDefault(Group.PARTICIPANT, 0L));
        starts.put("comparison", counts.getOrDefault(Group.COMPARISON, 0L));
        return starts;
    }

    private static Outcome outcome(String name, Input input, java.util.function.Predicate<String> counted,
                                   Map<String, Long> jobStarts) {
        long xT = 0;
        long xC = 0;
        for (Map.Entry<String, Group> person : input.groupOf.entrySet()) {
            if (counted.test(person.getKey())) {
                if (person.getValue() == Group.PARTICIPANT) {
                    xT++;
                } else {
                    xC++;
                }
            }
        }
        long nT = input.n(Group.PARTICIPANT);
        long nC = input.n(Group.COMPARISON);
        EffectEstimate effect = EffectEstimate.of(xT, nT, xC, nC);
        return new Outcome(name, new GroupFigure(xT, nT, effect.share1()),
                new GroupFigure(xC, nC, effect.share2()), effect.difference(), effect.differenceCi95(),
                effect.ratio(), effect.ratioCi95(), effect.fisherP(), jobStarts);
    }
}

package de.pilotregistry.query.audit.replay;

import de.pilotregistry.query.cases.CaseStates;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** The replayed pilot next to the live read model's answer for the same point, and every difference between them. */
final class ReadSideCheck {

    /** One value that differs; {@code field} "person" when a person is on one side only. */
    record Difference(String person, String field, Object replayed, Object live) {
    }

    record Comparison(String pilotId, LocalDate validAt, Instant knownAt, boolean matches, int differenceCount,
                      List<PilotReplay.GroupCounts> replayed, List<PilotReplay.GroupCounts> live,
                      List<Difference> differences) {
    }

    private ReadSideCheck() {
    }

    /** Lists at most {@code limit} differences (all are counted). */
    static Comparison compare(PilotReplay.Replayed replayed, List<CaseStates.PersonState> liveStates, int limit) {
        Map<String, PilotReplay.PersonState> fromEvents = new TreeMap<>();
        replayed.persons().forEach(p -> fromEvents.put(p.person(), p));
        Map<String, PilotReplay.PersonState> fromReadModel = new TreeMap<>();
        liveStates.forEach(s -> fromReadModel.put(s.person(), new PilotReplay.PersonState(s.person(), s.group(),
                s.entitled(), s.monthlyClaim(), s.employmentType(), s.caseworker(), s.contacts())));
        List<Difference> differences = new ArrayList<>();
        int count = 0;
        TreeSet<String> persons = new TreeSet<>(fromEvents.keySet());
        persons.addAll(fromReadModel.keySet());
        for (String person : persons) {
            for (Difference difference : differences(person, fromEvents.get(person), fromReadModel.get(person))) {
                count++;
                if (differences.size() < limit) {
                    differences.add(difference);
                }
            }
        }
        return new Comparison(replayed.pilotId(), replayed.validAt(), replayed.knownAt(), count == 0, count,
                replayed.outcomes(), PilotReplay.counts(List.copyOf(fromReadModel.values())), differences);
    }

    private static List<Difference> differences(String person, PilotReplay.PersonState replayed,
                                                PilotReplay.PersonState live) {
        if (replayed == null || live == null) {
            return List.of(new Difference(person, "person", replayed != null, live != null));
        }
        Map<String, Object[]> fields = new LinkedHashMap<>();
        fields.put("group", new Object[]{replayed.group(), live.group()});
        fields.put("entitled", new Object[]{replayed.entitled(), live.entitled()});
        fields.put("monthlyClaim", new Object[]{replayed.monthlyClaim(), live.monthlyClaim()});
        fields.put("employmentType", new Object[]{replayed.employmentType(), live.employmentType()});
        fields.put("caseworker", new Object[]{replayed.caseworker(), live.caseworker()});
        fields.put("contacts", new Object[]{replayed.contacts(), live.contacts()});
        List<Difference> differences = new ArrayList<>();
        fields.forEach((field, values) -> {
            if (!same(values[0], values[1])) {
                differences.add(new Difference(person, field, values[0], values[1]));
            }
        });
        return differences;
    }

    private static boolean same(Object a, Object b) {
        return a instanceof BigDecimal x && b instanceof BigDecimal y ? x.compareTo(y) == 0 : Objects.equals(a, b);
    }
}

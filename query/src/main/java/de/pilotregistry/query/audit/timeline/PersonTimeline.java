package de.pilotregistry.query.audit.timeline;

import de.pilotregistry.platform.EventOrigin;
import de.pilotregistry.shared.audit.DataExported;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the registry recorded about one person, in all pilots, in record (global) order: population records,
 * the draw's group, assignments and their ends, case facts with what each correction or retraction replaced, and the
 * exports of pilots the person belonged to. Each entry names who recorded it, in which role, and by which request.
 */
@Component
class PersonTimeline {

    record RecordedBy(String user, String role) {
    }

    record Change(Object from, Object to) {
    }

    /** The fact a correction or retraction replaced, and for a correction the fields it changed. */
    record Replaced(String eventId, String type, Map<String, Change> changes) {
    }

    record Entry(long position, String eventId, String type, String pilotId, Object effectiveDate, Instant recordedAt,
                 RecordedBy recordedBy, String requestId, Replaced replaces, Map<String, Object> data) {
    }

    record Timeline(String person, Instant knownAt, List<Entry> events) {
    }

    private static final String CASE_FACTS = CaseFactEvent.class.getPackageName() + ".";

    private final PersonEvents store;

    PersonTimeline(PersonEvents store) {
        this.store = store;
    }

    /** {@code knownAt} null: everything recorded so far. */
    Timeline of(String person, Instant knownAt) {
        Set<String> pilots = new HashSet<>(); // the pilots whose population the person belongs to, so far
        Map<String, StoredEvent> facts = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (StoredEvent event : store.mayConcern(person)) {
            if (knownAt != null && event.recordedAt().isAfter(knownAt)) {
                break; // record time never decreases in global order
            }
            String pilot = (String) event.field("pilotId");
            if (event.payloadType().startsWith(CASE_FACTS)) {
                facts.put(event.eventId(), event);
                entries.add(entry(event, null, replaced(event, facts), event.payload()));
            } else if (event.payloadType().equals(GroupsDrawn.class.getName())) {
                String group = group(event, person);
                if (group != null || pilots.contains(pilot)) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("pilotId", pilot);
                    data.put("group", group == null ? "UNSELECTED" : group);
                    data.put("algorithm", event.field("algorithm"));
                    data.put("seed", event.field("seed"));
                    entries.add(entry(event, pilot, null, data)); // not the other persons of the groups
                }
            } else if (event.payloadType().equals(DataExported.class.getName())) {
                if (pilots.contains(pilot)) {
                    entries.add(entry(event, pilot, null, event.payload()));
                }
            } else if (person.equals(event.field("person"))) {
                if (event.payloadType().equals(PopulationMemberRecorded.class.getName())) {
                    pilots.add(pilot);
                }
                entries.add(entry(event, pilot, null, event.payload()));
            }
        }
        return new Timeline(person, knownAt, entries);
    }

    private static String group(StoredEvent drawn, String person) {
        if (drawn.field("participants") instanceof List<?> participants && participants.contains(person)) {
            return "PARTICIPANT";
        }
        if (drawn.field("comparison") instanceof List<?> comparison && comparison.contains(person)) {
            return "COMPARISON";
        }
        return null;
    }

    private static Replaced replaced(StoredEvent fact, Map<String, StoredEvent> facts) {
        Object corrects = fact.field("corrects");
        if (corrects == null) {
            return null;
        }
        StoredEvent earlier = facts.get(corrects.toString());
        if (earlier == null) {
            return new Replaced(corrects.toString(), null, null);
        }
        if (fact.payloadType().equals(FactRetracted.class.getName())) {
            return new Replaced(earlier.eventId(), earlier.type(), null); // withdrawn, nothing restated
        }
        Map<String, Change> changes = new LinkedHashMap<>();
        Set<String> fields = new LinkedHashSet<>(earlier.payload().keySet());
        fields.addAll(fact.payload().keySet());
        fields.remove("corrects");
        for (String field : fields) {
            Object from = earlier.field(field);
            Object to = fact.field(field);
            if (!same(from, to)) {
                changes.put(field, new Change(from, to));
            }
        }
        return new Replaced(earlier.eventId(), earlier.type(), changes);
    }

    private static boolean same(Object a, Object b) {
        return a instanceof BigDecimal x && b instanceof BigDecimal y ? x.compareTo(y) == 0 : Objects.equals(a, b);
    }

    private static Entry entry(StoredEvent event, String pilot, Replaced replaces, Map<String, Object> data) {
        Object user = event.metadata().get(EventOrigin.RECORDED_BY);
        Object role = event.metadata().get(EventOrigin.RECORDED_BY_ROLE);
        Object request = event.metadata().get(EventOrigin.REQUEST_ID);
        return new Entry(event.position(), event.eventId(), event.type(), pilot, event.field("effectiveDate"),
                event.recordedAt(), user == null ? null : new RecordedBy(user.toString(),
                role == null ? null : role.toString()), request == null ? null : request.toString(), replaces, data);
    }
}

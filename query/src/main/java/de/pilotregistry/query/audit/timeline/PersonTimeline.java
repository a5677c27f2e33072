package de.pilotregistry.query.audit.timeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import de.pilotregistry.query.audit.store.EventTable;
import de.pilotregistry.query.audit.store.RecordedEvent;
import de.pilotregistry.platform.EventOrigin;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.platform.SealedValues;
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

    /** Payloads shown as the API shows values: dates and instants as ISO 8601 text, amounts exact. */
    private static final ObjectMapper SHOWN = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** A stored event with its payload as a JSON object. */
    private record Shown(RecordedEvent stored, Map<String, Object> payload) {

        Object field(String name) {
            return payload.get(name);
        }

        String eventId() {
            return stored.eventId();
        }

        String type() {
            return stored.type();
        }
    }

    private final EventTable store;
    private final PersonalData personalData;

    PersonTimeline(EventTable store, PersonalData personalData) {
        this.store = store;
        this.personalData = personalData;
    }

    /**
     * {@code knownAt} null: everything recorded so far. Kinds of events are told apart by their payload's class, not
     * by the stored payload type, which is the published name or (events stored before it) the Java class name.
     */
    Timeline of(String person, Instant knownAt) {
        Set<String> pilots = new HashSet<>(); // the pilots whose population the person belongs to, so far
        Map<String, Shown> facts = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        String subject = PersonalData.person(person);
        Sealed sealed = new Sealed(subject, personalData.existingKeys(List.of(subject)).get(subject));
        for (RecordedEvent stored : store.mayConcern(person)) {
            if (knownAt != null && stored.recordedAt().isAfter(knownAt)) {
                break; // record time never decreases in global order
            }
            Shown event = new Shown(stored, SHOWN.convertValue(stored.payload(), OBJECT));
            String pilot = (String) event.field("pilotId");
            if (event.stored().payload() instanceof CaseFactEvent) {
                facts.put(event.eventId(), event);
                entries.add(entry(event, null, replaced(event, facts, sealed), event.payload()));
            } else if (event.stored().payload() instanceof GroupsDrawn) {
                String group = group(event, person);
                if (group != null || pilots.contains(pilot)) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("pilotId", pilot);
                    data.put("group", group == null ? "UNSELECTED" : group);
                    data.put("algorithm", event.field("algorithm"));
                    data.put("seed", event.field("seed"));
                    entries.add(entry(event, pilot, null, data)); // not the other persons of the groups
                }
            } else if (event.stored().payload() instanceof DataExported) {
                if (pilots.contains(pilot)) {
                    entries.add(entry(event, pilot, null, event.payload()));
                }
            } else if (person.equals(event.field("person"))) {
                if (event.stored().payload() instanceof PopulationMemberRecorded) {
                    pilots.add(pilot);
                }
                entries.add(entry(event, pilot, null, event.payload()));
            }
        }
        return new Timeline(person, knownAt, entries);
    }

    private static String group(Shown drawn, String person) {
        if (drawn.field("participants") instanceof List<?> participants && participants.contains(person)) {
            return "PARTICIPANT";
        }
        if (drawn.field("comparison") instanceof List<?> comparison && comparison.contains(person)) {
            return "COMPARISON";
        }
        return null;
    }

    /**
     * The person's data key, to tell whether a correction changed a sealed value (a wage): equal values sealed twice
     * differ. The timeline shows sealed values as stored, never opened.
     */
    private record Sealed(String subject, byte[] key) {

        /** Null when it cannot tell: the values do not open (erased). */
        Boolean same(String field, String a, String b) {
            PersonalData.Opened from = PersonalData.openStored(key, subject, field, a);
            PersonalData.Opened to = PersonalData.openStored(key, subject, field, b);
            return from.erased() || to.erased() ? null : Objects.equals(from.value(), to.value());
        }
    }

    private static Replaced replaced(Shown fact, Map<String, Shown> facts, Sealed sealed) {
        Object corrects = fact.field("corrects");
        if (corrects == null) {
            return null;
        }
        Shown earlier = facts.get(corrects.toString());
        if (earlier == null) {
            return new Replaced(corrects.toString(), null, null);
        }
        if (fact.stored().payload() instanceof FactRetracted) {
            return new Replaced(earlier.eventId(), earlier.type(), null); // withdrawn, nothing restated
        }
        Map<String, Change> changes = new LinkedHashMap<>();
        Set<String> fields = new LinkedHashSet<>(earlier.payload().keySet());
        fields.addAll(fact.payload().keySet());
        fields.remove("corrects");
        for (String field : fields) {
            Object from = earlier.field(field);
            Object to = fact.field(field);
            boolean bothSealed = from instanceof String a && to instanceof String b && SealedValues.isSealed(a)
                    && SealedValues.isSealed(b);
            if (bothSealed ? !Boolean.TRUE.equals(sealed.same(field, (String) from, (String) to)) : !same(from, to)) {
                changes.put(field, new Change(from, to));
            }
        }
        return new Replaced(earlier.eventId(), earlier.type(), changes);
    }

    private static boolean same(Object a, Object b) {
        return a instanceof BigDecimal x && b instanceof BigDecimal y ? x.compareTo(y) == 0 : Objects.equals(a, b);
    }

    private static Entry entry(Shown event, String pilot, Replaced replaces, Map<String, Object> data) {
        Map<String, Object> metadata = event.stored().metadata();
        Object user = metadata.get(EventOrigin.RECORDED_BY);
        Object role = metadata.get(EventOrigin.RECORDED_BY_ROLE);
        Object request = metadata.get(EventOrigin.REQUEST_ID);
        return new Entry(event.stored().position(), event.eventId(), event.type(), pilot, event.field("effectiveDate"),
                event.stored().recordedAt(), user == null ? null : new RecordedBy(user.toString(),
                role == null ? null : role.toString()), request == null ? null : request.toString(), replaces, data);
    }
}

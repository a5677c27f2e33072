package de.pilotregistry.query.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.platform.SealedValues;
import de.pilotregistry.shared.EventTypes;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.privacy.FreeText;
import de.pilotregistry.shared.privacy.SealedField;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one integration receives (FeedSubscriptions makes them from the configuration): which published types, which
 * pilots ({@code null}: all), free text or not, the comparison group or not. Works on the published JSON of an event
 * (type name and {@code data}), never on the Java event classes, so it applies wherever the feed's JSON comes from.
 */
public record Subscription(String name, Set<String> types, Set<String> pilots, boolean freeText,
                           boolean comparisonGroup) {

    /** Opens a sealed free-text value of an event for a subscription that may read it. */
    @FunctionalInterface
    public interface Opener {
        PersonalData.Opened open(String type, ObjectNode data, String field, String sealed);
    }

    private static final String GROUPS_DRAWN = EventTypes.of(GroupsDrawn.class).orElseThrow().name();
    private static final String SEALED_PREFIX = SealedValues.VERSION + ":";

    /** The fields of each published type that hold sealed personal data, and those that hold free text. */
    private record Marked(List<String> sealed, List<String> freeText) {
    }

    private static final Map<String, Marked> MARKED = new HashMap<>();

    static {
        for (EventTypes.EventType type : EventTypes.ALL) {
            RecordComponent[] components = type.eventClass().getRecordComponents();
            List<RecordComponent> all = components == null ? List.of() : List.of(components);
            MARKED.put(type.name(), new Marked(
                    all.stream().filter(c -> c.isAnnotationPresent(SealedField.class)).map(RecordComponent::getName)
                            .toList(),
                    all.stream().filter(c -> c.isAnnotationPresent(FreeText.class)).map(RecordComponent::getName)
                            .toList()));
        }
    }

    public Subscription {
        types = types == null ? null : Set.copyOf(types);
        pilots = pilots == null ? null : Set.copyOf(pilots);
    }

    /** Whether events of this type can reach the subscription at all. */
    public boolean admitsType(String type) {
        return types == null || types.contains(type);
    }

    /** Whether the subscription needs to know an event's pilots ({@link #admits}): only when limited to pilots. */
    public boolean limitsPilots() {
        return pilots != null;
    }

    /**
     * Whether an event of {@code type} that belongs to {@code eventPilots} (empty: to no pilot, e.g. a fact delivery)
     * reaches the subscription. Limited to pilots, it takes only events of one of them.
     */
    public boolean admits(String type, Set<String> eventPilots) {
        return admitsType(type) && (pilots == null || eventPilots.stream().anyMatch(pilots::contains));
    }

    /**
     * The published {@code data} as this subscription may see it (changed in place): sealed fields removed (never
     * even their cipher text); free text removed unless the subscription has it, and then opened where it is sealed
     * ({@code <field>: null} and {@code <field>Erased: true} once the key is destroyed); {@code GroupsDrawn} blinded
     * unless the subscription has the comparison group.
     */
    public ObjectNode shape(String type, ObjectNode data, Opener opener) {
        Marked marked = MARKED.get(type);
        if (marked != null) {
            for (String field : marked.freeText()) {
                if (!freeText) {
                    data.remove(field);
                } else if (marked.sealed().contains(field) && isSealed(data.get(field))) {
                    PersonalData.Opened opened = opener.open(type, data, field, data.get(field).asText());
                    if (opened == null) {
                        data.remove(field); // sealed under a subject the feed cannot name: withheld, never shown sealed
                    } else {
                        data.put(field, opened.value());
                        if (opened.erased()) {
                            data.put(field + "Erased", true);
                        }
                    }
                }
            }
            for (String field : marked.sealed()) {
                if (!(freeText && marked.freeText().contains(field))) {
                    data.remove(field);
                }
            }
        }
        if (GROUPS_DRAWN.equals(type) && !comparisonGroup) {
            data.putArray("comparison");
            data.put("comparisonWithheld", true);
        }
        return data;
    }

    private static boolean isSealed(JsonNode value) {
        return value != null && value.isTextual() && value.asText().startsWith(SEALED_PREFIX);
    }
}

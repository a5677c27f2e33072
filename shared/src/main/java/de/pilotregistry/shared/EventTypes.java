package de.pilotregistry.shared;

import de.pilotregistry.shared.audit.DataExported;
import de.pilotregistry.shared.casefile.BenefitChanged;
import de.pilotregistry.shared.casefile.BenefitReceiptExited;
import de.pilotregistry.shared.casefile.BenefitReceiptReentered;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobEnded;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.delivery.DeliveryRecorded;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.privacy.CaseworkerErased;
import de.pilotregistry.shared.privacy.PersonErased;
import org.axonframework.serialization.Revision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published name of every event type: what the event store records as payload type for new events, what the
 * feed's CloudEvents carry as {@code type}, and what docs/asyncapi.yaml lists. The names are fixed here, apart from
 * the Java packages, so that moving or renaming a class never changes the contract. Events stored before these names
 * existed carry their Java class name; both names read back to the same class ({@link #classOf}).
 */
public final class EventTypes {

    /** One event type: its class, published name and current revision (its {@code @Revision}). */
    public record EventType(Class<?> eventClass, String name, String revision) {

        /** The name events of this type were stored under before the published names (the Java class name). */
        public String javaName() {
            return eventClass.getName();
        }

        /** Every payload type an event of this type may be stored under: published and Java class name. */
        public List<String> storedNames() {
            return List.of(name, javaName());
        }
    }

    private static final String PREFIX = "de.pilotregistry.";

    public static final List<EventType> ALL = List.of(
            type(PilotDefined.class, "pilot.PilotDefined"),
            type(PopulationMemberRecorded.class, "pilot.PopulationMemberRecorded"),
            type(GroupsDrawn.class, "pilot.GroupsDrawn"),
            type(CaseworkerRegistered.class, "pilot.CaseworkerRegistered"),
            type(ParticipantAssigned.class, "pilot.ParticipantAssigned"),
            type(AssignmentEnded.class, "pilot.AssignmentEnded"),
            type(ContactRecorded.class, "casefile.ContactRecorded"),
            type(JobStarted.class, "casefile.JobStarted"),
            type(JobEnded.class, "casefile.JobEnded"),
            type(BenefitChanged.class, "casefile.BenefitChanged"),
            type(BenefitReceiptExited.class, "casefile.BenefitReceiptExited"),
            type(BenefitReceiptReentered.class, "casefile.BenefitReceiptReentered"),
            type(FactRetracted.class, "casefile.FactRetracted"),
            type(DeliveryRecorded.class, "delivery.DeliveryRecorded"),
            type(DataExported.class, "audit.DataExported"),
            type(PersonErased.class, "privacy.PersonErased"),
            type(CaseworkerErased.class, "privacy.CaseworkerErased"));

    private static final Map<Class<?>, EventType> BY_CLASS = new LinkedHashMap<>();
    private static final Map<String, EventType> BY_STORED_NAME = new LinkedHashMap<>();

    static {
        for (EventType type : ALL) {
            BY_CLASS.put(type.eventClass(), type);
            for (String name : type.storedNames()) {
                BY_STORED_NAME.put(name, type);
            }
        }
    }

    private EventTypes() {
    }

    private static EventType type(Class<?> eventClass, String name) {
        Revision revision = eventClass.getAnnotation(Revision.class);
        return new EventType(eventClass, PREFIX + name, revision == null ? null : revision.value());
    }

    /** The event type of a class; empty for anything that is not a published event. */
    public static Optional<EventType> of(Class<?> eventClass) {
        return Optional.ofNullable(BY_CLASS.get(eventClass));
    }

    /** The event type stored under {@code payloadType}: a published name or the Java class name of old events. */
    public static Optional<EventType> ofStoredName(String payloadType) {
        return Optional.ofNullable(BY_STORED_NAME.get(payloadType));
    }

    /** Both stored names of an event class (for SQL that selects events by payload type). */
    public static List<String> storedNames(Class<?> eventClass) {
        return of(eventClass).map(EventType::storedNames).orElse(List.of(eventClass.getName()));
    }

    /** The published name of a stored payload type; an unknown name is returned as it is. */
    public static String publishedName(String payloadType) {
        return ofStoredName(payloadType).map(EventType::name).orElse(payloadType);
    }
}

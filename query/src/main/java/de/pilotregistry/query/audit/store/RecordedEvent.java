package de.pilotregistry.query.audit.store;

import java.time.Instant;
import java.util.Map;

/** One stored event: where and when it was recorded, its payload as the registry reads it, and its metadata. */
public record RecordedEvent(long position, String eventId, String aggregateId, String payloadType, Instant recordedAt,
                            Object payload, Map<String, Object> metadata) {

    /** The event's type without its package, e.g. {@code ContactRecorded}. */
    public String type() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}

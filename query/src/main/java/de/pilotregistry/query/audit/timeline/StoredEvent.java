package de.pilotregistry.query.audit.timeline;

import java.time.Instant;
import java.util.Map;

/** One row of the event table, payload and metadata as the JSON stored (numbers exact). */
record StoredEvent(long position, String eventId, String aggregateId, String payloadType, Instant recordedAt,
                   Map<String, Object> payload, Map<String, Object> metadata) {

    /** The event's type without its package, e.g. {@code ContactRecorded}. */
    String type() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    Object field(String name) {
        return payload.get(name);
    }
}

package de.pilotregistry.command.casefile;

import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.codes.FactType;

import java.util.HashMap;
import java.util.Map;

/** The facts a case holds, as far as accepting the next fact depends on them. */
final class CaseFacts {

    /**
     * @param byCaseworker recorded by a caseworker (through the single-fact endpoint); false for facts of data
     *                     stewards and source systems, and for facts whose recorder is not known (before V93)
     */
    record Known(String eventId, FactType type, String sourceId, String fingerprint, boolean withdrawn,
                 boolean byCaseworker) {

        Known asWithdrawn() {
            return new Known(eventId, type, sourceId, fingerprint, true, byCaseworker);
        }
    }

    private final Map<String, Known> byEventId = new HashMap<>();
    private final Map<String, Known> latestBySource = new HashMap<>();

    /** @param fingerprint of the fact opened ({@link Fingerprint#of}) */
    void add(String eventId, CaseFactEvent event, String fingerprint, RecordedAs recordedAs) {
        if (event.corrects() != null) {
            withdraw(event.corrects());
        }
        add(new Known(eventId, event.type(), event.sourceId(), fingerprint, false,
                recordedAs == RecordedAs.CASEWORKER));
    }

    /** In the order the facts were recorded. */
    void add(Known known) {
        byEventId.put(known.eventId(), known);
        if (known.sourceId() != null) {
            latestBySource.put(known.sourceId(), known);
        }
    }

    private void withdraw(String eventId) {
        Known known = byEventId.get(eventId);
        if (known != null) {
            Known withdrawn = known.asWithdrawn();
            byEventId.put(eventId, withdrawn);
            if (known.sourceId() != null && latestBySource.get(known.sourceId()) == known) {
                latestBySource.put(known.sourceId(), withdrawn);
            }
        }
    }

    Known latestFromSource(String sourceId) {
        return latestBySource.get(sourceId);
    }

    /** A fact named by its event id or, failing that, by the latest fact delivered under that source id. */
    Known resolve(String eventIdOrSourceId) {
        Known known = byEventId.get(eventIdOrSourceId);
        return known != null ? known : latestBySource.get(eventIdOrSourceId);
    }
}

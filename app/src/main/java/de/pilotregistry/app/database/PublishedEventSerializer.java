package de.pilotregistry.app.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import de.pilotregistry.shared.EventTypes;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The event store's serializer: events are stored in their published form, the one the feed and the AsyncAPI
 * catalog describe.
 * <ul>
 * <li>Dates and instants as ISO 8601 text ({@code "2011-03-01"}, {@code "2026-12-07T00:16:46.123456Z"}); events
 * stored before hold arrays and epoch decimals, which Jackson's Java time module still reads.
 * <li>The payload type is the published name ({@link EventTypes}), not the Java class name; events stored under
 * their class name before still read. Their stored bytes and payload type never change (the audit log's Merkle
 * tree hashes both).
 * </ul>
 * Anything else (metadata values, classes that are not published events) keeps Axon's behaviour.
 */
public class PublishedEventSerializer extends JacksonSerializer {

    PublishedEventSerializer(Builder builder) {
        super(builder);
    }

    /** The serializer with the registry's event mapper (and Axon's defaults otherwise). */
    public static PublishedEventSerializer create() {
        return new PublishedEventSerializer(JacksonSerializer.builder().objectMapper(eventMapper()));
    }

    /**
     * Axon's default mapper (every module found on the class path) with ISO 8601 dates: Axon's default writes
     * {@code LocalDate} as {@code [2011,3,1]} and {@code Instant} as {@code 1291234567.123456789}.
     */
    public static ObjectMapper eventMapper() {
        return new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return EventTypes.of(type)
                .<SerializedType>map(published -> new SimpleSerializedType(published.name(), published.revision()))
                .orElseGet(() -> super.typeForClass(type));
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        return EventTypes.ofStoredName(serializedType.getName())
                .map(EventTypes.EventType::javaName)
                .orElseGet(() -> super.resolveClassName(serializedType));
    }
}

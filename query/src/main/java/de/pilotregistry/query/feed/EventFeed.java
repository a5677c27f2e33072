package de.pilotregistry.query.feed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.pilotregistry.query.support.ReadModelProgress;
import de.pilotregistry.shared.EventTypes;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.PilotDefined;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every stored event, in global order, as a CloudEvent: the read side of the integrations' feed (pull and stream).
 * Read straight from the event table, never from a projection, so the feed is complete even while a projection is
 * rebuilt; and only up to {@link ReadModelProgress#committedHead()}, so a later page never holds a position below one
 * already handed out.
 */
@Component
public class EventFeed {

    public static final String ROOT_SOURCE = "/pilot-registry";
    public static final String SEQUENCE = "sequence";

    /**
     * A page of the feed and the safe position it was read under; {@code lastPosition} is where the next page starts
     * (the last stored event read, which an upcaster may have dropped, or the safe position when none was read).
     */
    public record Page(List<CloudEvent> events, long lastPosition, long safePosition) {
    }

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final ObjectMapper published;
    private final ReadModelProgress progress;
    private final ObjectProvider<org.axonframework.config.Configuration> axon;
    /** Jobcenter of each pilot (from its PilotDefined, which never changes). */
    private final Map<String, String> jobcenters = new ConcurrentHashMap<>();

    EventFeed(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer, ReadModelProgress progress,
              ObjectProvider<org.axonframework.config.Configuration> axon) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.progress = progress;
        this.axon = axon;
        // The store's own mapper (the published form), reading amounts exactly as written (2100.00 stays 2100.00)
        this.published = ((JacksonSerializer) serializer).getObjectMapper().copy()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }

    /** The safe position now: nothing can still commit at or below it. */
    public long safePosition() {
        return progress.committedHead();
    }

    /**
     * The events after {@code after}, at most {@code limit} stored events. {@code comparisonEntitled} false publishes
     * {@code GroupsDrawn} without its comparison group (blinding).
     */
    public Page read(long after, int limit, boolean comparisonEntitled) {
        long safe = safePosition();
        List<TrackedEventData<?>> rows = jdbc.query("select globalindex, type, aggregateidentifier, sequencenumber, "
                        + "eventidentifier, timestamp, payloadtype, payloadrevision, payload, metadata "
                        + "from domainevententry where globalindex > ? and globalindex <= ? order by globalindex limit ?",
                (rs, row) -> new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(rs.getLong(1)),
                        new GenericDomainEventEntry<>(rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), Instant.parse(rs.getString(6)), rs.getString(7), rs.getString(8),
                                rs.getBytes(9), rs.getBytes(10))),
                after, safe, limit);
        // Through Axon's upcasters and the serializer into the event class, then into the published form: events
        // stored in an older shape (dates as arrays, a Java class name, an earlier revision) reach consumers in the
        // current one only, as they reach the projections.
        List<CloudEvent> events = EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer,
                        upcasters())
                .map(message -> toCloudEvent(message.trackingToken().position().orElseThrow(),
                        message.getIdentifier(), message.getTimestamp(), message.getPayload(), comparisonEntitled))
                .toList();
        // nothing stored up to the safe position: what lies between is a gap of rolled-back writes, never filled in
        long last = rows.isEmpty() ? Math.max(after, safe)
                : rows.get(rows.size() - 1).trackingToken().position().orElseThrow();
        return new Page(events, last, safe);
    }

    private EventUpcaster upcasters() {
        EventUpcaster chain = axon.getObject().upcasterChain();
        return chain == null ? NoOpEventUpcaster.INSTANCE : chain;
    }

    /**
     * An event as a CloudEvent (see docs/asyncapi.yaml for the envelope). {@code comparisonEntitled} false publishes
     * {@code GroupsDrawn} without its comparison group.
     */
    public CloudEvent toCloudEvent(long position, String eventId, Instant recordedAt, Object event,
                                   boolean comparisonEntitled) {
        if (event instanceof PilotDefined defined) {
            jobcenters.putIfAbsent(defined.pilotId().value(), defined.jobcenter());
        }
        JsonNode data = published.valueToTree(event);
        if (event instanceof GroupsDrawn && !comparisonEntitled && data instanceof ObjectNode drawn) {
            drawn.putArray("comparison");
            drawn.put("comparisonWithheld", true);
        }
        String pilot = text(data, "pilotId");
        String person = text(data, "person");
        return CloudEventBuilder.v1()
                .withId(eventId)
                .withSource(source(pilot))
                .withType(typeOf(event))
                .withTime(recordedAt.atOffset(ZoneOffset.UTC))
                .withSubject(person != null ? person : pilot)
                .withDataContentType("application/json")
                .withExtension(SEQUENCE, sequence(position))
                .withData(JsonCloudEventData.wrap(data))
                .build();
    }

    /** The published type name of an event (its class name for anything unpublished, which the store never holds). */
    public static String typeOf(Object event) {
        return EventTypes.of(event.getClass()).map(EventTypes.EventType::name).orElse(event.getClass().getName());
    }

    /** The global position as the CloudEvents sequence extension: 20 digits, so text order is position order. */
    public static String sequence(long position) {
        return String.format("%020d", position);
    }

    /** {@code /pilot-registry/<jobcenter>} for an event of a pilot; case facts belong to a person, not to a pilot. */
    private URI source(String pilot) {
        String jobcenter = pilot == null ? null : jobcenters.computeIfAbsent(pilot, this::jobcenterOf);
        return URI.create(jobcenter == null || jobcenter.isEmpty() ? ROOT_SOURCE
                : ROOT_SOURCE + "/" + URLEncoder.encode(jobcenter, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** The jobcenter from the pilot's PilotDefined; null (not cached) when there is none. */
    private String jobcenterOf(String pilot) {
        List<String> found = jdbc.query("select payload, payloadtype, payloadrevision from domainevententry "
                        + "where aggregateidentifier = ? and payloadtype = any(?) order by globalindex limit 1",
                (rs, row) -> ((PilotDefined) serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(1),
                        byte[].class, rs.getString(2), rs.getString(3)))).jobcenter(),
                pilot, EventTypes.storedNames(PilotDefined.class).toArray(String[]::new));
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

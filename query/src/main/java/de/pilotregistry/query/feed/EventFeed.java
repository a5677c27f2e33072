package de.pilotregistry.query.feed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.platform.SealedValues;
import de.pilotregistry.query.support.ReadModelProgress;
import de.pilotregistry.shared.EventTypes;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.privacy.PersonErased;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

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
    private static final String PILOT_DEFINED = EventTypes.of(PilotDefined.class).orElseThrow().name();
    private static final String PERSON_ERASED = EventTypes.of(PersonErased.class).orElseThrow().name();
    /** Rows read per query for a subscription that filters. */
    private static final int FILTERED_ROWS = 1000;

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
    private final PersonPilots personPilots;
    private final PersonalData personalData;
    /** Jobcenter of each pilot (from its PilotDefined, which never changes). */
    private final Map<String, String> jobcenters = new ConcurrentHashMap<>();

    EventFeed(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer, ReadModelProgress progress,
              ObjectProvider<org.axonframework.config.Configuration> axon, PersonPilots personPilots,
              PersonalData personalData) {
        this.jdbc = jdbc;
        this.personPilots = personPilots;
        this.personalData = personalData;
        this.serializer = serializer;
        this.progress = progress;
        this.axon = axon;
        // The store's own mapper (the published form), reading amounts exactly as written (2100.00 stays 2100.00)
        this.published = ((JacksonSerializer) serializer).getObjectMapper().copy()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }

    /** The safe position now: nothing can still commit at or below it. */
    public long safePosition() {
        return progress.committedHead();
    }

    /**
     * The events after {@code after} that {@code subscription} takes, at most {@code limit}, shaped for it. An empty page
     * means nothing new up to the safe position: stored events the subscription does not take are read past (the
     * page's {@code lastPosition} moves beyond them) until one it takes is found or the safe position is reached.
     */
    public Page read(long after, int limit, Subscription subscription) {
        long safe = safePosition();
        // a filtered subscription reads more rows per query, so a sparse one does not query row by row
        int rows = subscription.types() == null && !subscription.limitsPilots() ? limit : Math.max(limit, FILTERED_ROWS);
        List<CloudEvent> events = new ArrayList<>();
        long last = after;
        while (events.isEmpty() && last < safe) {
            Stored stored = readStored(last, safe, rows);
            last = stored.lastPosition();
            for (Published event : admitted(stored.events(), subscription, stored.lastPosition())) {
                events.add(toCloudEvent(event, subscription));
                if (events.size() == limit) {
                    last = event.position(); // the rest of these rows come on the next page
                    break;
                }
            }
        }
        return new Page(events, last, safe);
    }

    /** One stored event in its published form, before a subscription filters and shapes it. */
    public record Published(long position, String id, Instant recordedAt, String type, ObjectNode data) {
    }

    /** Stored events in published form, and the position of the last row read (the safe position when none was). */
    private record Stored(List<Published> events, long lastPosition) {
    }

    /** At most {@code limit} stored events after {@code after}, up to {@code safe}, in published form. */
    private Stored readStored(long after, long safe, int limit) {
        List<StoredEvent> rows = jdbc.query("select globalindex, type, aggregateidentifier, sequencenumber, "
                        + "eventidentifier, timestamp, payloadtype, payloadrevision, payload, metadata "
                        + "from domainevententry where globalindex > ? and globalindex <= ? order by globalindex limit ?",
                (rs, row) -> {
                    String payloadType = rs.getString(7);
                    String revision = rs.getString(8);
                    boolean current = inPublishedForm(payloadType, revision);
                    return new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), recordTime(rs.getString(6)), payloadType, revision, rs.getBytes(9),
                            current ? null : rs.getBytes(10), current);
                },
                after, safe, limit);
        Map<Long, Published> older = fromOlderShapes(rows);
        List<Published> events = new ArrayList<>(rows.size());
        for (StoredEvent row : rows) {
            Published event = row.inPublishedForm()
                    ? new Published(row.position(), row.eventId(), row.recordedAt(), row.payloadType(),
                    (ObjectNode) readTree(row.payload()))
                    : older.get(row.position());
            if (event != null) { // an upcaster may drop an event of an older shape
                events.add(event);
            }
        }
        // nothing stored up to the safe position: what lies between is a gap of rolled-back writes, never filled in
        long last = rows.isEmpty() ? Math.max(after, safe) : rows.get(rows.size() - 1).position();
        return new Stored(events, last);
    }

    /**
     * One stored event, as read for the feed. Its metadata is not published; it is read only for events of an older
     * shape, which go through Axon's deserialization.
     */
    private record StoredEvent(long position, String aggregateType, String aggregateId, long sequence, String eventId,
                               Instant recordedAt, String payloadType, String revision, byte[] payload,
                               byte[] metadata, boolean inPublishedForm) {
    }

    /**
     * Stored under its published name and current revision: the stored JSON is the published form already (the store
     * writes it with the same mapper), so it is published as read, without a round trip through the class.
     */
    private static boolean inPublishedForm(String payloadType, String revision) {
        return EventTypes.ofStoredName(payloadType)
                .filter(type -> type.name().equals(payloadType) && Objects.equals(type.revision(), revision))
                .isPresent();
    }

    /**
     * Events stored in an older shape (a Java class name, dates as arrays, an earlier revision) go through Axon's
     * upcasters and the serializer into the event class, then into the published form: consumers get the current
     * shape only, as the projections do.
     */
    private Map<Long, Published> fromOlderShapes(List<StoredEvent> rows) {
        List<TrackedEventData<?>> older = rows.stream().filter(row -> !row.inPublishedForm())
                .<TrackedEventData<?>>map(row -> new TrackedDomainEventData<>(
                        new GlobalSequenceTrackingToken(row.position()),
                        new GenericDomainEventEntry<>(row.aggregateType(), row.aggregateId(), row.sequence(),
                                row.eventId(), row.recordedAt(), row.payloadType(), row.revision(), row.payload(),
                                row.metadata())))
                .toList();
        if (older.isEmpty()) {
            return Map.of();
        }
        Map<Long, Published> events = new HashMap<>();
        EventUtils.upcastAndDeserializeTrackedEvents(older.stream(), serializer, upcasters())
                .forEach(message -> {
                    long position = message.trackingToken().position().orElseThrow();
                    events.put(position, published(position, message.getIdentifier(), message.getTimestamp(),
                            message.getPayload()));
                });
        return events;
    }

    private EventUpcaster upcasters() {
        EventUpcaster chain = axon.getObject().upcasterChain();
        return chain == null ? NoOpEventUpcaster.INSTANCE : chain;
    }

    /**
     * A stored record time. The append path writes {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}, read here digit by digit:
     * {@link Instant#parse} cost an eighth of a feed page. Anything else (older events) goes through Instant.parse.
     */
    static Instant recordTime(String text) {
        if (text.length() == 27 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(26) == 'Z') {
            try {
                long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
                int hour = digits(text, 11, 13);
                int minute = digits(text, 14, 16);
                int second = digits(text, 17, 19);
                if (hour < 24 && minute < 60 && second < 60) {
                    return Instant.ofEpochSecond(day * 86_400 + hour * 3_600L + minute * 60L + second,
                            digits(text, 20, 26) * 1_000L);
                }
            } catch (NumberFormatException | DateTimeException notCanonical) {
                // read by the general parser below, which names what is wrong
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new NumberFormatException(text);
            }
        }
        return Integer.parseInt(text, from, to, 10);
    }

    private JsonNode readTree(byte[] payload) {
        try {
            return published.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored event is not JSON", e);
        }
    }

    /** An event in its published form (type name, JSON data). */
    public Published published(long position, String eventId, Instant recordedAt, Object event) {
        return new Published(position, eventId, recordedAt, typeOf(event), (ObjectNode) published.valueToTree(event));
    }

    /**
     * The events {@code subscription} takes. Limited to pilots, an event naming a {@code pilotId} belongs to that
     * pilot; one naming only a {@code person} (case facts, erasures) to the pilots the person entered before it
     * (PersonPilots, read from the events up to {@code through}, at or below the safe position); any other to none.
     */
    public List<Published> admitted(List<Published> events, Subscription subscription, long through) {
        List<Published> ofTypes = events.stream().filter(event -> subscription.admitsType(event.type())).toList();
        if (!subscription.limitsPilots()) {
            return ofTypes;
        }
        Map<String, Map<String, Long>> entered = personPilots.entered(ofTypes.stream()
                .filter(event -> text(event.data(), "pilotId") == null)
                .map(event -> text(event.data(), "person")).filter(Objects::nonNull).toList(), through);
        return ofTypes.stream().filter(event -> subscription.admits(event.type(), pilotsOf(event, entered))).toList();
    }

    private static Set<String> pilotsOf(Published event, Map<String, Map<String, Long>> entered) {
        String pilot = text(event.data(), "pilotId");
        if (pilot != null) {
            return Set.of(pilot);
        }
        String person = text(event.data(), "person");
        return entered.getOrDefault(person, Map.of()).entrySet().stream()
                .filter(pilotEntered -> pilotEntered.getValue() < event.position())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** An event as a CloudEvent (see docs/asyncapi.yaml for the envelope), its data shaped for the subscription. */
    public CloudEvent toCloudEvent(Published event, Subscription subscription) {
        ObjectNode data = event.data();
        String pilot = text(data, "pilotId");
        if (PILOT_DEFINED.equals(event.type()) && pilot != null) {
            jobcenters.putIfAbsent(pilot, data.path("jobcenter").asText());
        }
        String person = text(data, "person");
        subscription.shape(event.type(), data, this::openSealed);
        return CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(source(pilot))
                .withType(event.type())
                .withTime(event.recordedAt().atOffset(ZoneOffset.UTC))
                .withSubject(person != null ? person : pilot)
                .withDataContentType("application/json")
                .withExtension(SEQUENCE, sequence(event.position()))
                .withData(JsonCloudEventData.wrap(data))
                .build();
    }

    /**
     * A sealed free-text value opened for a subscription with free text: an erasure's reason under
     * {@code erasure:<person>}, anything else of a person under {@code person:<pseudonym>}; null (withheld) when the
     * value does not open under that subject, rather than ever publishing it sealed.
     */
    private PersonalData.Opened openSealed(String type, ObjectNode data, String field, String sealed) {
        String person = text(data, "person");
        if (person == null) {
            return null;
        }
        String subject = PERSON_ERASED.equals(type) ? "erasure:" + person : PersonalData.person(person);
        try {
            return personalData.open(subject, field, sealed);
        } catch (SealedValues.Tampered otherSubject) {
            return null;
        }
    }

    /** The published type name of an event (its class name for anything unpublished, which the store never holds). */
    public static String typeOf(Object event) {
        return EventTypes.of(event.getClass()).map(EventTypes.EventType::name).orElse(event.getClass().getName());
    }

    /** The global position as the CloudEvents sequence extension: 20 digits, so text order is position order. */
    public static String sequence(long position) {
        String digits = Long.toString(position);
        return "0".repeat(20 - digits.length()) + digits; // String.format costs more than the rest of the event
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

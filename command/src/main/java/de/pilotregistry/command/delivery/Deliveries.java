package de.pilotregistry.command.delivery;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.delivery.DeliveryRecorded;
import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Every import is recorded as a delivery ({@link DeliveryRecorded}), in its own transaction, after its rows: the list of
 * deliveries is how an evaluator picks a knownAt ("as known after the March delivery").
 */
@Component
public class Deliveries {

    /** The header under which a client names the file or source system of an import. */
    public static final String SOURCE_HEADER = "Registry-Source";
    static final int SOURCE_MAX_LENGTH = 200;
    /** The aggregate type of delivery records in the store; each delivery is a stream of one event. */
    static final String DELIVERY = "Delivery";

    private final EventStore eventStore;
    private final Clock clock;

    Deliveries(EventStore eventStore, Clock clock) {
        this.eventStore = eventStore;
        this.clock = clock;
    }

    /**
     * The name the client gave, checked (at most 200 characters, no control characters); null when none. HTTP headers
     * are ISO-8859-1: a name beyond ASCII comes percent-encoded in UTF-8 ({@code M%C3%A4rz}) or as raw UTF-8 bytes;
     * both are decoded.
     */
    public static String source(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String source = percentDecoded(utf8(header)).strip();
        if (source.length() > SOURCE_MAX_LENGTH || source.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequest("The source name cannot be recorded; nothing was stored.",
                    List.of(InvalidRequest.Problem.field(SOURCE_HEADER, "'" + Fields.shown(source) + "' must be at "
                            + "most " + SOURCE_MAX_LENGTH + " characters without control characters")));
        }
        return source;
    }

    private static String utf8(String latin1) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return latin1;
        }
    }

    private static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return value; // a '%' that starts no escape is part of the name
        }
    }

    /** Appends the delivery in the caller's transaction (no unit of work is active: at once). */
    public void record(DeliveryRecorded.Kind kind, PilotId pilot, String source, int rows, int accepted,
                       int unchanged, int corrected, String recordedBy) {
        String deliveryId = UUID.randomUUID().toString();
        eventStore.publish(new GenericDomainEventMessage<>(DELIVERY, deliveryId, 0,
                new DeliveryRecorded(deliveryId, kind, pilot, source, rows, accepted, unchanged, corrected),
                MetaData.with("recordedBy", recordedBy), UUID.randomUUID().toString(), clock.instant()));
    }
}

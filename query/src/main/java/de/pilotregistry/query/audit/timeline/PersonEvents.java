package de.pilotregistry.query.audit.timeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import de.pilotregistry.shared.audit.DataExported;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The stored events that may concern a person, read from the event table itself (not from a read model): the
 * person's case file, the pilot events whose payload names the person, and every export. Callers decide which of the
 * pilot events and exports really concern the person; the byte search here only narrows the rows read.
 */
@Component
class PersonEvents {

    static final String CASE_FILE = "CaseFile";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Payloads shown as the API shows values: dates and instants as ISO 8601 text, amounts exact. */
    private static final ObjectMapper SHOWN = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final List<String> NAMING_PERSONS = List.of(PopulationMemberRecorded.class.getName(),
            GroupsDrawn.class.getName(), ParticipantAssigned.class.getName(), AssignmentEnded.class.getName());

    private final NamedParameterJdbcTemplate jdbc;
    private final Serializer serializer;

    PersonEvents(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
        this.serializer = serializer;
    }

    /** In global order. */
    List<StoredEvent> mayConcern(String person) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("person", person)
                .addValue("caseFile", CASE_FILE).addValue("namingPersons", NAMING_PERSONS)
                .addValue("quoted", quoted(person)).addValue("exported", DataExported.class.getName());
        return jdbc.query("select globalindex, eventidentifier, aggregateidentifier, payloadtype, timestamp, payload, "
                        + "metadata, payloadrevision from domainevententry "
                        + "where (aggregateidentifier = :person and type = :caseFile) "
                        + "or (payloadtype in (:namingPersons) and position(:quoted in payload) > 0) "
                        + "or payloadtype = :exported "
                        + "order by globalindex", parameters,
                (rs, row) -> new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.parse(rs.getString(5)), payload(rs.getBytes(6), rs.getString(4), rs.getString(8)),
                        object(rs.getBytes(7))));
    }

    /** The person as a JSON string, as it appears in a payload. */
    private static byte[] quoted(String person) {
        try {
            return JSON.writeValueAsBytes(person);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Read as the registry reads it (the event's own class), then shown as a JSON object. */
    private Map<String, Object> payload(byte[] payload, String type, String revision) {
        Object event = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type, revision));
        return SHOWN.convertValue(event, OBJECT);
    }

    private static Map<String, Object> object(byte[] json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

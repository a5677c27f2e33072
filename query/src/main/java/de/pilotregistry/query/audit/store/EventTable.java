package de.pilotregistry.query.audit.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.pilotregistry.shared.EventTypes;
import de.pilotregistry.shared.audit.DataExported;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.privacy.PersonErased;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stored events read from the event table itself, for auditors: nothing here touches a read model. Payloads are
 * deserialized with the registry's event serializer into the published event classes; metadata is plain JSON.
 */
@Component
public class EventTable {

    /** Aggregate type of a person's case facts in the store. */
    public static final String CASE_FILE = "CaseFile";
    private static final String COLUMNS = "select globalindex, eventidentifier, aggregateidentifier, payloadtype, "
            + "timestamp, payload, payloadrevision, metadata from domainevententry ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    /** Stored payload types (published and, for events stored before those names, Java class names). */
    private static final List<String> NAMING_PERSONS = Stream.of(PopulationMemberRecorded.class, GroupsDrawn.class,
            ParticipantAssigned.class, AssignmentEnded.class, PersonErased.class).flatMap(type -> EventTypes.storedNames(type).stream())
            .toList();
    private static final List<String> EXPORTED = EventTypes.storedNames(DataExported.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final Serializer serializer;
    private final RowMapper<RecordedEvent> rows;

    EventTable(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
        this.serializer = serializer;
        this.rows = (rs, row) -> new RecordedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.parse(rs.getString(5)), payload(rs.getBytes(6), rs.getString(4), rs.getString(7)),
                metadata(rs.getBytes(8)));
    }

    /**
     * In global order: the person's case file, the pilot events whose payload names the person, and every export.
     * The byte search only narrows the rows read; callers decide which of them concern the person.
     */
    public List<RecordedEvent> mayConcern(String person) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("person", person)
                .addValue("caseFile", CASE_FILE).addValue("namingPersons", NAMING_PERSONS)
                .addValue("quoted", quoted(person)).addValue("exported", EXPORTED);
        return jdbc.query(COLUMNS + "where (aggregateidentifier = :person and type = :caseFile) "
                + "or (payloadtype in (:namingPersons) and position(:quoted in payload) > 0) "
                + "or payloadtype in (:exported) order by globalindex", parameters, rows);
    }

    /** A pilot's events and its population's (a stream of its own, or formerly the pilot's), in global order. */
    public List<RecordedEvent> pilotEvents(String pilotId) {
        return jdbc.query(COLUMNS + "where aggregateidentifier in (:pilot, :population) order by globalindex",
                new MapSqlParameterSource("pilot", pilotId)
                        .addValue("population", PopulationMemberRecorded.streamOf(PilotId.of(pilotId))), rows);
    }

    /** The case files of these persons, in global order. */
    public List<RecordedEvent> caseFiles(Collection<String> persons) {
        if (persons.isEmpty()) {
            return List.of();
        }
        return jdbc.query(COLUMNS + "where type = :caseFile and aggregateidentifier = any(:persons) "
                        + "order by globalindex", new MapSqlParameterSource("caseFile", CASE_FILE)
                        .addValue("persons", persons.toArray(String[]::new)), rows);
    }

    private Object payload(byte[] payload, String type, String revision) {
        return serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type, revision));
    }

    /** The person as a JSON string, as it appears in a payload. */
    private static byte[] quoted(String person) {
        try {
            return JSON.writeValueAsBytes(person);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> metadata(byte[] json) {
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

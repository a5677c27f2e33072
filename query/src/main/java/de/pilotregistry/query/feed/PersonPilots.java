package de.pilotregistry.query.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.pilotregistry.shared.EventTypes;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pilots a person belongs to, as the events say: a person enters a pilot with their first
 * {@code PopulationMemberRecorded} there, which precedes their facts in global order. Case facts and erasures name only
 * the person, so a subscription limited to pilots asks here. Kept in {@code feed_person_pilot}, filled from the event
 * table up to the position asked for (never beyond the safe position, so nothing below it can still appear), under a
 * row lock on the mark so that concurrent readers and nodes fill it once.
 */
@Component
class PersonPilots {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final String[] storedNames = EventTypes.storedNames(PopulationMemberRecorded.class).toArray(String[]::new);

    PersonPilots(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * For each person, the pilots they entered and the position they entered each at, from the events up to
     * {@code through}, which must be at or below the safe position.
     */
    Map<String, Map<String, Long>> entered(Collection<String> persons, long through) {
        Map<String, Map<String, Long>> pilots = new HashMap<>();
        if (persons.isEmpty()) {
            return pilots;
        }
        catchUp(through);
        jdbc.query("select person, pilot_id, entered_at from feed_person_pilot where person = any(?) "
                        + "and entered_at <= ?",
                rs -> {
                    pilots.computeIfAbsent(rs.getString(1), person -> new HashMap<>())
                            .put(rs.getString(2), rs.getLong(3));
                }, persons.stream().distinct().toArray(String[]::new), through);
        return pilots;
    }

    private void catchUp(long through) {
        Long mark = jdbc.queryForObject("select position from feed_person_pilot_mark where id = 1", Long.class);
        if (mark != null && mark >= through) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            long from = jdbc.queryForObject("select position from feed_person_pilot_mark where id = 1 for update",
                    Long.class);
            if (from >= through) {
                return; // another reader filled it meanwhile
            }
            List<Object[]> rows = jdbc.query("select globalindex, payload from domainevententry "
                            + "where globalindex > ? and globalindex <= ? and payloadtype = any(?) order by globalindex",
                    (rs, row) -> {
                        JsonNode record = read(rs.getBytes(2));
                        return new Object[]{record.path("person").asText(), record.path("pilotId").asText(),
                                rs.getLong(1)};
                    }, from, through, storedNames);
            // the first record of a person in a pilot is when they entered it; later ones (changed values) keep it
            jdbc.batchUpdate("insert into feed_person_pilot (person, pilot_id, entered_at) values (?, ?, ?) "
                    + "on conflict do nothing", rows);
            jdbc.update("update feed_person_pilot_mark set position = ? where id = 1", through);
        });
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable PopulationMemberRecorded payload", e);
        }
    }
}

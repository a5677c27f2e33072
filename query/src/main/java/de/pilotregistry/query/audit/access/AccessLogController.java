package de.pilotregistry.query.audit.access;

import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.TimeParameters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Who read which person-level data when (docs/auditing.md), with a check of the whole hash chain. */
@RestController
class AccessLogController {

    /** The chain checked from the first row: rows checked, and the first row whose hashes do not follow. */
    record Chain(long rowsChecked, Long firstBrokenId) {
    }

    record Answer(Chain chain, int limit, List<AccessLog.Entry> entries) {
    }

    private static final int LIMIT = 10_000;
    private static final RowMapper<AccessLog.Entry> ENTRY = (rs, row) -> new AccessLog.Entry(rs.getLong("id"),
            rs.getTimestamp("recorded_at").toInstant(), rs.getString("user_name"), rs.getString("user_role"),
            rs.getString("request_id"), rs.getString("endpoint"), rs.getString("parameters"), rs.getString("pilot_id"),
            rs.getInt("persons"), rs.getString("person"), rs.getString("previous_hash"), rs.getString("hash"));

    private final NamedParameterJdbcTemplate jdbc;
    private final TimeParameters time;

    AccessLogController(JdbcTemplate jdbc, TimeParameters time) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
        this.time = time;
    }

    @GetMapping("/api/audit/access-log")
    @PreAuthorize("hasRole('AUDITOR')")
    Answer accessLog(@RequestParam(required = false) String user, @RequestParam(required = false) String person,
                     @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        Instant since = time.requestedKnownAt(from, problems);
        Instant until = time.requestedKnownAt(to, problems);
        TimeParameters.throwIfAny(problems);
        MapSqlParameterSource parameters = new MapSqlParameterSource("limit", LIMIT);
        List<String> where = new ArrayList<>();
        if (user != null && !user.isBlank()) {
            where.add("user_name = :user");
            parameters.addValue("user", user.trim());
        }
        if (person != null && !person.isBlank()) {
            where.add("person = :person");
            parameters.addValue("person", person.trim());
        }
        if (since != null) {
            where.add("recorded_at >= :from");
            parameters.addValue("from", Timestamp.from(since));
        }
        if (until != null) {
            where.add("recorded_at <= :to");
            parameters.addValue("to", Timestamp.from(until));
        }
        List<AccessLog.Entry> entries = jdbc.query("select * from audit_access "
                + (where.isEmpty() ? "" : "where " + String.join(" and ", where) + " ") + "order by id limit :limit",
                parameters, ENTRY);
        return new Answer(chain(), LIMIT, entries);
    }

    private Chain chain() {
        long[] checked = {0};
        Long[] broken = {null};
        String[] previous = {AccessLog.GENESIS};
        jdbc.getJdbcTemplate().query("select * from audit_access order by id", rs -> {
            AccessLog.Entry entry = ENTRY.mapRow(rs, 0);
            checked[0]++;
            if (broken[0] == null && (!entry.previousHash().equals(previous[0])
                    || !entry.hash().equals(AccessLog.hash(entry.previousHash(), entry)))) {
                broken[0] = entry.id();
            }
            previous[0] = entry.hash();
        });
        return new Chain(checked[0], broken[0]);
    }
}

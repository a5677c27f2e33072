package de.pilotregistry.query.privacy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Persons whose pilots all ended before a cut-off day and who are not erased yet: the erasure proposals of the
 * retention rule (docs/data-protection.md). From the pilots read model and the destroyed keys; nothing is opened.
 */
@Component
class RetentionProposals {

    record Proposal(String person, List<String> pilots, LocalDate lastPilotEnd) {
    }

    private final JdbcTemplate jdbc;

    RetentionProposals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Ordered by last pilot end, then person; at most {@code limit}. */
    List<Proposal> endedBefore(LocalDate cutOff, int limit) {
        return jdbc.query("""
                select m.person, array_agg(m.pilot_id order by p.end_date, m.pilot_id), max(p.end_date)
                from q_member m join q_pilot p on p.pilot_id = m.pilot_id
                where not exists (select 1 from subject_key_destroyed d where d.subject = 'person:' || m.person)
                group by m.person
                having max(p.end_date) < ?
                order by max(p.end_date), m.person
                limit ?""", (rs, row) -> new Proposal(rs.getString(1), strings(rs.getArray(2)),
                rs.getDate(3).toLocalDate()), Date.valueOf(cutOff), limit);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}

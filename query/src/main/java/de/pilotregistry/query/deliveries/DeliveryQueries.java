package de.pilotregistry.query.deliveries;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Every import ever made, in the order recorded: what an evaluator picks a knownAt from ("as known after the March
 * delivery": its {@code recordedAt}), and what an auditor follows back to the events ({@code firstPosition} to
 * {@code lastPosition}, the delivery record itself last).
 */
@RestController
class DeliveryQueries {

    record Delivery(String deliveryId, String kind, String pilotId, String source, Instant recordedAt,
                    String recordedBy, long firstPosition, long lastPosition, int rows, int accepted, int unchanged,
                    int corrected) {
    }

    private static final RowMapper<Delivery> DELIVERY = (rs, row) -> new Delivery(rs.getString("delivery_id"),
            rs.getString("kind"), rs.getString("pilot_id"), rs.getString("source"),
            rs.getTimestamp("recorded_at").toInstant(), rs.getString("recorded_by"), rs.getLong("first_position"),
            rs.getLong("last_position"), rs.getInt("rows_total"), rs.getInt("accepted"), rs.getInt("unchanged"),
            rs.getInt("corrected"));

    private final JdbcTemplate jdbc;

    DeliveryQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** All deliveries, or those of one pilot's population and every fact file ({@code pilot}). */
    @GetMapping("/api/deliveries")
    @PreAuthorize("hasAnyRole('ADMIN', 'DATA_STEWARD', 'EVALUATOR', 'AUDITOR')")
    List<Delivery> deliveries(@RequestParam(required = false) String pilot) {
        if (pilot == null) {
            return jdbc.query("select * from q_delivery order by last_position", DELIVERY);
        }
        return jdbc.query("select * from q_delivery where pilot_id = ? or kind = 'FACTS' order by last_position",
                DELIVERY, pilot);
    }
}

package de.pilotregistry.query.pilots;

import de.pilotregistry.platform.Excerpt;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the views need to know of a pilot: its period, its strata and when its groups were drawn. */
@Component
public class PilotFacts {

    public record Pilot(String pilotId, String name, String site, LocalDate start, LocalDate end,
                        List<String> strata, Instant drawnAt) {

        /** The last day with facts to look at: the pilot's end, or today while it still runs. */
        public LocalDate endOrToday(LocalDate today) {
            return end.isAfter(today) ? today : end;
        }

        public boolean drawnBy(Instant knownAt) {
            return drawnAt != null && !drawnAt.isAfter(knownAt);
        }

        /** The stratum of a person as {@code SEX=FEMALE|AGE_CLASS=UNDER_25|...}, in the pilot's order. */
        public String stratumOf(String sex, String ageClass, String applicantType) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String variable : strata) {
                values.put(variable, switch (variable) {
                    case "SEX" -> sex;
                    case "AGE_CLASS" -> ageClass;
                    default -> applicantType;
                });
            }
            StringBuilder stratum = new StringBuilder();
            values.forEach((k, v) -> stratum.append(stratum.isEmpty() ? "" : "|").append(k).append('=').append(v));
            return stratum.toString();
        }
    }

    private final JdbcTemplate jdbc;

    PilotFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Pilot get(String pilotId) {
        return jdbc.query("select pilot_id, name, site, start_date, end_date, strata, drawn_at from q_pilot "
                        + "where pilot_id = ?",
                (rs, row) -> new Pilot(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class),
                        Arrays.asList(rs.getString(6).split(",")),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()), pilotId)
                .stream().findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "No pilot with id '" + Excerpt.of(pilotId) + "'."));
    }
}

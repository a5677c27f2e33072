package de.pilotregistry.command.draw;

import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.draw.Seed;
import de.pilotregistry.shared.ids.PilotId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Keeps each pilot's draw seed out of the event store until the draw reveals it. */
@Component
public class SeedVault {

    private final JdbcTemplate jdbc;

    SeedVault(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void keep(PilotId pilot, Seed seed) {
        jdbc.update("insert into cmd_draw_seed (pilot_id, seed) values (?, ?)", pilot.value(), seed.hex());
    }

    public Seed seedOf(PilotId pilot) {
        return jdbc.query("select seed from cmd_draw_seed where pilot_id = ?",
                        (rs, row) -> new Seed(rs.getString(1)), pilot.value())
                .stream().findFirst()
                .orElseThrow(() -> new UnknownEntity("No pilot with id '" + Fields.shown(pilot.value()) + "'."));
    }
}

package de.pilotregistry.app.database;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry upgraded from before the population roll has its populations only as events: the migration fills the
 * roll from them (JSON payloads, dates as arrays or ISO text), exactly as the writers would have kept it.
 */
class PopulationRollBackfillTest extends RegistryTest {

    @Test
    void givenPopulationEventsWithoutTheirRoll_whenTheMigrationBackfills_thenTheRollIsWhatTheWritersKept()
            throws Exception {
        String pilot = definePilot(5);
        String population = Populations.csv(Populations.uniquePrefix(), 40, 9);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", population).status()).isEqualTo(200);
        // one person recorded twice: the latest record counts
        Api.Response changed = api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                population.replaceFirst("(\n[^,]+,[A-Z]+,\\d{4}-\\d{2},[A-Z]+,)\\d+", "$13"));
        assertThat(changed.json().get("accepted").asInt()).as(changed.toString()).isEqualTo(1);
        List<Map<String, Object>> terms = terms(pilot);
        List<Map<String, Object>> roll = roll(pilot);
        assertThat(roll).hasSize(40);

        jdbc.update("delete from cmd_population where pilot_id = ?", pilot);
        jdbc.update("delete from cmd_pilot_terms where pilot_id = ?", pilot);
        String migration = new ClassPathResource("db/migration/V90__command_population_roll.sql")
                .getContentAsString(StandardCharsets.UTF_8);
        // The migration ran on stores written before the published type names (Java class names, dates as arrays);
        // the events written here carry the published names and ISO dates, which the same SQL reads once the names
        // are mapped (its json_date takes both shapes).
        // "or replace": a pooled connection may be the one Flyway ran V90 on (the same user on an external
        // PostgreSQL), and a pg_temp function lives as long as its session.
        String backfill = migration.substring(migration.indexOf("create function pg_temp.json_date"))
                .replace("create function pg_temp.json_date", "create or replace function pg_temp.json_date")
                .replace("'de.pilotregistry.shared.pilot.", "'de.pilotregistry.pilot.");
        try (Connection connection = jdbc.getDataSource().getConnection()) {
            new JdbcTemplate(new SingleConnectionDataSource(connection, true)).execute(backfill);
        }

        assertThat(terms(pilot)).isEqualTo(terms);
        assertThat(roll(pilot)).isEqualTo(roll);
    }

    private List<Map<String, Object>> terms(String pilot) {
        return jdbc.queryForList("select * from cmd_pilot_terms where pilot_id = ?", pilot);
    }

    private List<Map<String, Object>> roll(String pilot) {
        return jdbc.queryForList("select * from cmd_population where pilot_id = ? order by person", pilot);
    }
}

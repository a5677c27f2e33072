package de.pilotregistry.app.database;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.ProcessTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static de.pilotregistry.app.support.RegistryProcesses.pilot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event the read model cannot hold (here one stored by hand, as an older release without today's field limits
 * could have stored it) stops its projection: health goes DOWN naming processor, segment, position and error, a
 * metric counts the attempts, the admin view shows it, and no later event is skipped past it.
 */
class ProjectionFailureTest extends ProcessTest {

    @Test
    void givenAnEventTheProjectionCannotHold_whenItArrives_thenHealthIsDownNamingItAndNothingIsSkipped()
            throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Process registry = registries.start(port);
        awaitHealthy(api, registry);
        Api.Response defined = api.postJson("admin", "/api/pilots", pilot("Template"));
        String template = defined.json().get("pilotId").asText();
        long poison = storePoisonCopyOf(template);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode health = api.get("admin", "/actuator/health").json();
            assertThat(health.get("status").asText()).isEqualTo("DOWN");
            JsonNode failure = health.at("/components/eventProcessors/details/failingProjections/0");
            assertThat(failure.get("processor").asText()).isEqualTo("pilots");
            assertThat(failure.get("segment").asInt()).isZero();
            assertThat(failure.get("position").asLong()).isEqualTo(poison);
            assertThat(failure.get("error").asText()).contains("0x00");
        });
        Api.Response later = api.postJson("admin", "/api/pilots", pilot("After the poison"));
        assertThat(later.status()).isEqualTo(201);
        Thread.sleep(2_000);
        assertThat(api.get("admin", "/api/pilots/" + later.json().get("pilotId").asText()).status())
                .as("no event is skipped past the one that failed").isEqualTo(404);
        assertThat(api.get(null, "/actuator/health").json().get("status").asText()).isEqualTo("DOWN");

        JsonNode projections = api.get("admin", "/api/admin/projections").json();
        JsonNode pilots = projections.get(0).get("projection").asText().equals("pilots") ? projections.get(0)
                : projections.get(1);
        assertThat(pilots.at("/failures/0/position").asLong()).isEqualTo(poison);
        assertThat(pilots.at("/failures/0/attempts").asLong()).isGreaterThanOrEqualTo(1);
        String metrics = api.get("admin", "/actuator/prometheus").body();
        assertThat(metrics).containsPattern("registry_projection_failures_total\\{[^}]*processor=\"pilots\"[^}]*} [1-9]");
    }

    /** A copy of a stored PilotDefined under a new id whose name holds a NUL character (JSON "\\u0000"). */
    private long storePoisonCopyOf(String pilot) throws Exception {
        try (Connection connection = registries.database(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                        payload, payloadrevision, payloadtype, timestamp)
                    select 'poisoned-pilot', 0, type, 'poison-event', metadata,
                        convert_to(replace(replace(convert_from(payload, 'UTF8'), '%1$s', 'poisoned-pilot'),
                            '"Template"', '"Tem\\u0000plate"'), 'UTF8'),
                        payloadrevision, payloadtype, timestamp
                    from domainevententry where aggregateidentifier = '%1$s' and sequencenumber = 0""".formatted(pilot));
            try (ResultSet position = statement.executeQuery(
                    "select globalindex from domainevententry where eventidentifier = 'poison-event'")) {
                position.next();
                return position.getLong(1);
            }
        }
    }

}

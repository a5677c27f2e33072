package de.pilotregistry.app.database;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.ProcessTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry as its own process on a persistent data directory: killed with SIGKILL (its embedded
 * PostgreSQL is left running), started again, and every acknowledged event is still there.
 */
class CrashAndRestartTest extends ProcessTest {

    @Test
    void givenAcknowledgedEvents_whenTheRegistryIsKilledAndStartedAgain_thenAllEventsAreStillThere() throws Exception {
        int port = freePort();
        Process first = registries.start(port, "--logging.level.root=WARN");
        Api api = new Api(port);
        awaitHealthy(api, first);
        List<String> pilots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Response defined = api.postJson("admin", "/api/pilots", """
                    {"name":"Velen %d","jobcenter":"Kreis Borken","site":"Velen","start":"2011-03-01",
                     "end":"2012-02-29","participantPlaces":5}""".formatted(i));
            assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
            pilots.add(defined.json().get("pilotId").asText());
        }

        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, PostgreSQL is orphaned
        Process second = registries.start(port, "--logging.level.root=WARN");
        awaitHealthy(api, second);

        // The read side catches up from its stored token after the restart; it is eventually consistent.
        for (String pilot : pilots) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get("admin", "/api/pilots/" + pilot).status()).as(pilot).isEqualTo(200));
        }
        Api.Response draw = api.postJson("admin", "/api/pilots/" + pilots.get(0) + "/draw", "");
        assertThat(draw.status()).as("the seed vault survived as well: " + draw).isEqualTo(409);
    }
}

package de.pilotregistry.app.database;

import de.pilotregistry.app.PilotRegistryApplication;
import de.pilotregistry.app.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry as its own process on a persistent data directory: killed with SIGKILL (its embedded
 * PostgreSQL is left running), started again, and every acknowledged event is still there.
 */
class CrashAndRestartTest {

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    /**
     * Stops the registries and waits for their embedded PostgreSQL to go: it is a daemon of its own (pg_ctl),
     * and JUnit cannot delete the data directory while it still writes there.
     */
    @AfterEach
    void stopAll() throws Exception {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy(); // SIGTERM: the shutdown hook stops its PostgreSQL
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Files.exists(pid) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    @Test
    void givenAcknowledgedEvents_whenTheRegistryIsKilledAndStartedAgain_thenAllEventsAreStillThere() throws Exception {
        int port = freePort();
        Process first = start(port);
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
        Process second = start(port);
        awaitHealthy(api, second);

        // The read side catches up from its stored token after the restart; it is eventually consistent.
        for (String pilot : pilots) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get("admin", "/api/pilots/" + pilot).status()).as(pilot).isEqualTo(200));
        }
        Api.Response draw = api.postJson("admin", "/api/pilots/" + pilots.get(0) + "/draw", "");
        assertThat(draw.status()).as("the seed vault survived as well: " + draw).isEqualTo(409);
    }

    private Process start(int port) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PilotRegistryApplication.class.getName(), "--server.port=" + port,
                "--registry.data-dir=" + dataDir, "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("registry-" + started.size() + ".log").toFile())
                .start();
        started.add(process);
        return process;
    }

    private static void awaitHealthy(Api api, Process process) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("registry process exited early").isTrue();
            try {
                if (api.get(null, "/actuator/health").body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("registry did not become healthy within 90 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package de.pilotregistry.app.database;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.ProcessTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry killed (SIGKILL) in the middle of an import sent with an Idempotency-Key: after a restart on the same
 * data directory the repeat with the same key runs (the key is not "in progress" for ever), and the population is
 * stored exactly once.
 */
class IdempotencyCrashTest extends ProcessTest {

    @Test
    void givenAnImportWithAKey_whenTheRegistryIsKilledMidRequestAndRestarted_thenTheRepeatRunsAndStoresOnce()
            throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Process first = registries.start(port, "--logging.level.root=WARN");
        awaitHealthy(api, first);
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Crash","jobcenter":"Kreis Borken","site":"Borken","start":"2011-03-01",
                 "end":"2012-02-29","participantPlaces":5}""");
        String pilot = defined.json().get("pilotId").asText();
        int rows = 40_000;
        String csv = Populations.csv(Populations.uniquePrefix(), rows, 4);
        String key = UUID.randomUUID().toString();
        String path = "/api/pilots/" + pilot + "/population";

        CompletableFuture<Api.Response> inFlight = CompletableFuture.supplyAsync(() ->
                api.send("steward", "POST", path, "text/csv", csv, null, key));
        awaitInProgress(key);
        first.destroyForcibly().waitFor(); // SIGKILL while the import runs
        assertThat(inFlight).failsWithin(Duration.ofSeconds(30));

        Process second = registries.start(port, "--logging.level.root=WARN");
        awaitHealthy(api, second);
        Api.Response repeated = api.send("steward", "POST", path, "text/csv", csv, null, key);
        assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
        assertThat(repeated.json().get("accepted").asInt() + repeated.json().get("unchanged").asInt()).isEqualTo(rows);
        assertThat(storedMembers(pilot)).as("stored exactly once").isEqualTo(rows);

        Api.Response again = api.send("steward", "POST", path, "text/csv", csv, null, key);
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(again.body()).isEqualTo(repeated.body());
        assertThat(storedMembers(pilot)).isEqualTo(rows);
    }

    private void awaitInProgress(String key) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (Connection connection = connect();
             PreparedStatement claimed = connection.prepareStatement(
                     "select count(*) from idempotent_request where idem_key = ? and status is null")) {
            claimed.setString(1, key);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet count = claimed.executeQuery()) {
                    count.next();
                    if (count.getLong(1) == 1) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
        throw new AssertionError("the import never got under way");
    }

    private long storedMembers(String pilot) throws Exception {
        try (Connection connection = connect();
             PreparedStatement count = connection.prepareStatement("select count(*) from domainevententry where "
                     + "payloadtype like '%PopulationMemberRecorded' and convert_from(payload, 'UTF8')::json ->> 'pilotId' = ?")) {
            count.setString(1, pilot);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private Connection connect() throws Exception {
        String password = Files.readString(dataDir.resolve("postgres-password")).trim();
        int postgresPort = Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                .get(3).trim());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres", "postgres",
                password);
    }
}

package de.pilotregistry.app.database;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.ProcessTest;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static de.pilotregistry.app.support.RegistryProcesses.pilot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded PostgreSQL as a user runs it, in real processes: durable settings, password authentication,
 * one registry per data directory, and an orderly stop under load.
 */
class EmbeddedServerProcessTest extends ProcessTest {

    @Test
    void givenAFreshDataDirectory_whenTheRegistryRuns_thenItsPostgresIsDurableAndAsksForAGeneratedPassword()
            throws Exception {
        int port = freePort();
        Process registry = registries.start(port);
        awaitHealthy(new Api(port), registry);

        Path passwordFile = dataDir.resolve("postgres-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        String password = Files.readString(passwordFile).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        String url = "jdbc:postgresql://127.0.0.1:" + postgresPort() + "/postgres";

        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "wrong"))
                .hasMessageContaining("password authentication failed");
        try (Connection connection = DriverManager.getConnection(url, "postgres", password);
             Statement statement = connection.createStatement()) {
            assertThat(show(statement, "fsync")).isEqualTo("on");
            assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
            assertThat(show(statement, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void givenARunningRegistry_whenASecondStartsOnTheSameDataDirectory_thenItExitsAtOnceAndTheFirstKeepsServing()
            throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Process first = registries.start(port);
        awaitHealthy(api, first);

        Process second = registries.start(freePort());
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("the second registry exits at once").isTrue();
        assertThat(second.exitValue()).isEqualTo(DataDirectoryLock.IN_USE);
        List<String> output = Files.readAllLines(registries.log(1));
        assertThat(output).hasSize(1);
        assertThat(output.get(0)).contains("in use by another registry").contains(dataDir.toString());

        Process help = registries.start(freePort(), "--help");
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(Files.readString(registries.log(2))).contains("Usage:").contains("--registry.data-dir");

        assertThat(first.isAlive()).isTrue();
        Api.Response defined = api.postJson("admin", "/api/pilots", pilot("After the second start"));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        assertThat(api.get(null, "/actuator/health").body()).contains("\"status\":\"UP\"");
    }

    /**
     * SIGTERM while a population import and single writes run: each request either succeeded completely or was
     * refused with 503 (or found no server); after a restart every acknowledged write is there, no import is
     * partial, and the stopped registry logged no ERROR or FATAL line.
     */
    @Test
    void givenWritesInFlight_whenTheRegistryGetsSigterm_thenAcknowledgedWritesSurviveAndNothingIsPartial()
            throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Process first = registries.start(port);
        awaitHealthy(api, first);
        Api.Response defined = api.postJson("admin", "/api/pilots", pilot("Import target"));
        String pilot = defined.json().get("pilotId").asText();

        int rows = 20_000;
        List<String> acknowledgedPilots = Collections.synchronizedList(new ArrayList<>());
        AtomicLong acknowledgedRows = new AtomicLong();
        List<String> badAnswers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        writers.submit(() -> {
            while (!stop.get()) {
                Api.Response imported = call(() -> api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                        Populations.csv(Populations.uniquePrefix(), rows, 1)));
                judge(imported, badAnswers, () -> acknowledgedRows.addAndGet(imported.json().get("accepted").asLong()));
            }
        });
        for (int w = 0; w < 2; w++) {
            writers.submit(() -> {
                while (!stop.get()) {
                    Api.Response one = call(() -> api.postJson("admin", "/api/pilots", pilot("Single write")));
                    judge(one, badAnswers, () -> acknowledgedPilots.add(one.json().get("pilotId").asText()));
                }
            });
        }
        Thread.sleep(4_000);
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(badAnswers).as("answers that were neither a success nor a 503 problem").isEmpty();
        assertThat(acknowledgedPilots).as("single writes acknowledged before the stop").isNotEmpty();
        List<String> log = Files.readAllLines(registries.log(0));
        assertThat(log).as("log of the stopped registry").noneMatch(line -> line.contains(" ERROR ")
                || line.contains("FATAL") || line.contains("Exception"));

        Process second = registries.start(port);
        awaitHealthy(api, second);
        for (String acknowledged : acknowledgedPilots) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get("admin", "/api/pilots/" + acknowledged).status()).isEqualTo(200));
        }
        long stored = storedPopulationEvents(pilot);
        assertThat(stored).as("every acknowledged row is stored").isGreaterThanOrEqualTo(acknowledgedRows.get());
        assertThat(stored % rows).as("imports are whole or absent").isZero();
    }

    private interface Call {
        Api.Response run();
    }

    /** A request that found no server (refused, reset before an answer) has no answer to judge. */
    private static Api.Response call(Call call) {
        try {
            return call.run();
        } catch (UncheckedIOException noServer) {
            return null;
        }
    }

    private static void judge(Api.Response response, List<String> bad, Runnable onSuccess) {
        if (response == null) {
            return;
        }
        if (response.status() == 200 || response.status() == 201) {
            if (response.body().isBlank()) {
                bad.add(response.status() + " with an empty body");
            } else {
                onSuccess.run();
            }
        } else if (response.status() != 503 || !response.contentType().startsWith("application/problem+json")) {
            bad.add(response.status() + " " + response.contentType() + " " + response.body());
        }
    }

    private long storedPopulationEvents(String pilot) throws Exception {
        try (Connection connection = registries.database();
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("select count(*) from domainevententry where "
                     + "aggregateidentifier = 'population@" + pilot + "' and payloadtype like '%PopulationMemberRecorded'")) {
            count.next();
            return count.getLong(1);
        }
    }

    private int postgresPort() throws Exception {
        return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(3).trim());
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet value = statement.executeQuery("show " + setting)) {
            value.next();
            return value.getString(1);
        }
    }

}

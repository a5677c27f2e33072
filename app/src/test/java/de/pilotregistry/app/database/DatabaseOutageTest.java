package de.pilotregistry.app.database;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.OutageProxy;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryProcesses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static de.pilotregistry.app.support.RegistryProcesses.pilot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away (connections dropped and refused) and comes back: requests fail fast with 503 and
 * Retry-After, health says DOWN within seconds, and the registry recovers without a restart. A write whose commit
 * loses its connection is answered as in doubt, never as failed.
 */
class DatabaseOutageTest {

    @TempDir
    Path dataDir;

    private RegistryProcesses registries;
    private EmbeddedPostgres postgres;
    private OutageProxy proxy;

    @AfterEach
    void stop() throws Exception {
        registries.stopAll();
        proxy.close();
        postgres.close();
    }

    /** A registry on an external PostgreSQL that it reaches through {@link #proxy}, which the test can cut. */
    private Api registryOnAProxiedDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("external")).setCleanDataDirectory(true)
                .start();
        proxy = new OutageProxy(freePort(), postgres.getPort());
        registries = new RegistryProcesses(dataDir.resolve("registry"));
        int port = freePort();
        Api api = new Api(port);
        Process registry = registries.startWith(Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres",
                "SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", ""), port);
        awaitHealthy(api, registry);
        return api;
    }

    @Test
    void givenARunningRegistry_whenTheDatabaseIsUnreachable_thenRequestsFailFastWith503AndItRecovers() throws Exception {
        Api api = registryOnAProxiedDatabase();
        assertThat(api.postJson("admin", "/api/pilots", pilot("Before")).status()).isEqualTo(201);

        proxy.cut();
        Instant cut = Instant.now();
        for (String path : new String[]{"/api/pilots"}) {
            Instant asked = Instant.now();
            Api.Response write = api.postJson("admin", path, pilot("During"));
            assertThat(Duration.between(asked, Instant.now())).as("a write fails fast").isLessThan(Duration.ofSeconds(10));
            assertThat(write.status()).as(write.toString()).isEqualTo(503);
            assertThat(write.contentType()).startsWith("application/problem+json");
            assertThat(write.raw().headers().firstValue("Retry-After")).isPresent();
            asked = Instant.now();
            Api.Response read = api.get("admin", path);
            assertThat(Duration.between(asked, Instant.now())).as("a read fails fast").isLessThan(Duration.ofSeconds(10));
            assertThat(read.status()).as(read.toString()).isEqualTo(503);
            assertThat(read.contentType()).startsWith("application/problem+json");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api.get(null, "/actuator/health").body()).contains("\"status\":\"DOWN\""));
        assertThat(Duration.between(cut, Instant.now())).isLessThan(Duration.ofSeconds(20));

        proxy.restore();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(null, "/actuator/health").body()).contains("\"status\":\"UP\""));
        Api.Response after = api.postJson("admin", "/api/pilots", pilot("After"));
        assertThat(after.status()).as(after.toString()).isEqualTo(201);
        String position = after.raw().headers().firstValue("Registry-Position").orElseThrow();
        // The processors back off after their failed reads (Axon doubles the pause, up to a minute) and then catch
        // up; a reader told 503 with Retry-After asks again.
        Instant restored = Instant.now();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(api.get("admin", "/api/pilots/"
                + after.json().get("pilotId").asText() + "?minPosition=" + position).status()).isEqualTo(200));
        System.out.println("read side caught up " + Duration.between(restored, Instant.now()) + " after the restore");
    }

    /**
     * The connection is lost while the commit is under way (a deferred trigger holds the commit for 4 s, the proxy is
     * cut meanwhile): the database finishes the commit, the registry cannot know. The answer must not say "nothing was
     * stored" (it was): it says the outcome is unknown, and a repeat of the fact stores nothing twice.
     */
    @Test
    void givenTheConnectionLostDuringTheCommit_whenAFactIsRecorded_thenTheAnswerSaysTheOutcomeIsUnknown()
            throws Exception {
        Api api = registryOnAProxiedDatabase();
        String pilot = api.postJson("admin", "/api/pilots", pilot("In doubt")).json().get("pilotId").asText();
        String prefix = Populations.uniquePrefix();
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 5, 1))
                .status()).isEqualTo(200);
        JdbcTemplate database = new JdbcTemplate(postgres.getPostgresDatabase());
        database.execute("create function slow_commit() returns trigger language plpgsql as $$ "
                + "begin perform pg_sleep(4); return null; end $$");
        database.execute("create constraint trigger slow_commit after insert on cmd_case_fact "
                + "deferrable initially deferred for each row execute function slow_commit()");
        String fact = "{\"type\":\"JOB_START\",\"effective_date\":\"2011-06-01\",\"source_id\":\"BA-77\","
                + "\"employment_type\":\"PART_TIME\",\"weekly_hours\":\"20\",\"monthly_wage\":\"900.00\"}";
        String path = "/api/persons/" + prefix + "000001/facts";

        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<Api.Response> answer = client.submit(() -> api.postJson("steward", path, fact));
        Thread.sleep(2_000); // the fact is appended; its commit waits in the trigger
        proxy.cut();
        Api.Response inDoubt = answer.get(30, TimeUnit.SECONDS);
        client.shutdown();

        assertThat(inDoubt.status()).as(inDoubt.toString()).isEqualTo(503);
        assertThat(inDoubt.json().get("outcome").asText()).isEqualTo("unknown");
        assertThat(inDoubt.body()).doesNotContain("nothing was stored");
        Thread.sleep(3_000);
        database.execute("drop trigger slow_commit on cmd_case_fact");
        assertThat(database.queryForObject("select count(*) from cmd_case_fact where source_id = 'BA-77'",
                Long.class)).as("the database did commit").isEqualTo(1);
        proxy.restore();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(null, "/actuator/health").body()).contains("\"status\":\"UP\""));
        Api.Response repeated = api.postJson("steward", path, fact);
        assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
        assertThat(repeated.json().get("outcome").asText()).isEqualTo("UNCHANGED");
    }
}

package de.pilotregistry.app.database;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.OutageProxy;
import de.pilotregistry.app.support.RegistryProcesses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static de.pilotregistry.app.support.RegistryProcesses.pilot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away (connections dropped and refused) and comes back: requests fail fast with 503 and
 * Retry-After, health says DOWN within seconds, and the registry recovers without a restart.
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

    @Test
    void givenARunningRegistry_whenTheDatabaseIsUnreachable_thenRequestsFailFastWith503AndItRecovers() throws Exception {
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

}

package de.pilotregistry.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.ProcessTest;
import de.pilotregistry.app.support.RegistryProcesses;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof, as an integration would live it: a consumer written only against the documented contract
 * (GET /api/feed?after=&limit=, CloudEvents with {@code sequence}; it keeps the last sequence it processed) follows the
 * feed while 8 writers record facts, the registry is killed with {@code kill -9} and started again on the same data;
 * at the end the consumer holds every event of the event store exactly once, in order.
 */
class FeedCrashTest extends ProcessTest {

    @Test
    void givenWritersAndAKilledRegistry_whenTheConsumerFollowsAcrossTheRestart_thenItHasEveryEventOnceInOrder()
            throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Process first = registries.start(port);
        awaitHealthy(api, first);
        String prefix = Populations.uniquePrefix();
        String pilot = api.postJson("admin", "/api/pilots", RegistryProcesses.pilot("Feed crash")).json()
                .get("pilotId").asText();
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 40, 3))
                .status()).isEqualTo(200);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int round = 0; writing.get(); round++) {
                    String person = prefix + String.format("%06d", (writer * 5 + round) % 40);
                    try {
                        Api.Response one = api.postJson("steward", "/api/persons/" + person + "/facts",
                                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-05-0" + (1 + round % 9)
                                        + "\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}");
                        if (one.status() == 201) {
                            acknowledged.incrementAndGet();
                        }
                    } catch (RuntimeException registryDown) {
                        Thread.sleep(200);
                    }
                }
                return null;
            }));
        }

        // the consumer: the last sequence it processed is all it keeps
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean following = new AtomicBoolean(true);
        Future<?> consumer = pool.submit(() -> {
            long last = 0;
            while (following.get()) {
                JsonNode page;
                try {
                    Api.Response answer = api.get("integration", "/api/feed?after=" + last + "&limit=50");
                    if (answer.status() != 200) {
                        Thread.sleep(200);
                        continue;
                    }
                    page = answer.json();
                } catch (RuntimeException registryDown) {
                    Thread.sleep(200);
                    continue;
                }
                for (JsonNode event : page) {
                    long sequence = Long.parseLong(event.path("sequence").asText());
                    assertThat(sequence).as("global order").isGreaterThan(last);
                    received.add(event.path("id").asText());
                    last = sequence;
                }
                if (page.isEmpty()) {
                    Thread.sleep(50);
                }
            }
            return null;
        });

        awaitAcknowledged(acknowledged, 150);
        first.destroyForcibly(); // kill -9: no shutdown hook, no graceful anything
        first.waitFor(30, TimeUnit.SECONDS);
        int beforeCrash = acknowledged.get();
        Thread.sleep(1_000);
        Process second = registries.start(port);
        awaitHealthy(api, second);
        awaitAcknowledged(acknowledged, beforeCrash + 150);
        writing.set(false);
        for (Future<?> writer : writers) {
            writer.get(120, TimeUnit.SECONDS);
        }

        List<String> stored = new ArrayList<>();
        try (Connection database = registries.database(); Statement statement = database.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select eventidentifier from domainevententry order by globalindex")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (received.size() < stored.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        following.set(false);
        consumer.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(acknowledged.get()).isGreaterThan(beforeCrash);
        assertThat(received).as("every stored event once, in the store's order").containsExactlyElementsOf(stored);
    }

    private static void awaitAcknowledged(AtomicInteger acknowledged, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (acknowledged.get() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(acknowledged.get()).as("writes acknowledged").isGreaterThanOrEqualTo(count);
    }
}

package de.pilotregistry.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live feed: {@code GET /api/feed/stream} (server-sent events) read by a real HTTP client. */
class FeedStreamTest extends RegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * While two writers record facts, a client reads part of the stream, disconnects, reconnects with the last
     * {@code Last-Event-ID} it saw and reads on: in the end it has every event after its start once, in order.
     */
    @Test
    void givenWritersAndAReconnect_whenTheClientResumesWithLastEventId_thenNoGapAndNoDuplicate() throws Exception {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(4);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 20, 9))
                .status()).isEqualTo(200);
        long start = head();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                Api client = new Api(port);
                for (int round = 0; round < 40; round++) {
                    String person = prefix + String.format("%06d", (writer * 7 + round) % 20);
                    assertThat(client.postJson("steward", "/api/persons/" + person + "/facts",
                            "{\"type\":\"CONTACT\",\"effective_date\":\"2011-05-0" + (1 + round % 9)
                                    + "\",\"channel\":\"VIDEO\",\"outcome\":\"ATTENDED\"}").status()).isEqualTo(201);
                    Thread.sleep(5);
                }
                return null;
            }));
        }
        List<String> received = new ArrayList<>();
        String lastId;
        try (SseClient first = new SseClient(port, "integration", Long.toString(start))) {
            assertThat(first.status).isEqualTo(200);
            assertThat(first.contentType).startsWith("text/event-stream");
            lastId = readEvents(first, received, 15, Long.toString(start));
        }
        assertThat(received).hasSize(15);
        try (SseClient second = new SseClient(port, "integration", lastId)) {
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            long end = head();
            int expected = (int) (long) jdbc.queryForObject("select count(*) from domainevententry where "
                    + "globalindex > ? and globalindex <= ?", Long.class, start, end);
            readEvents(second, received, expected - received.size(), lastId);
        }
        pool.shutdown();
        List<String> stored = jdbc.queryForList("select eventidentifier from domainevententry where globalindex > ? "
                + "order by globalindex limit ?", String.class, start, received.size());
        assertThat(received).hasSizeGreaterThanOrEqualTo(80).containsExactlyElementsOf(stored);
    }

    @Test
    void givenNothingNew_whenTheStreamIsIdle_thenHeartbeatComments() throws Exception {
        try (SseClient idle = new SseClient(port, "integration", Long.toString(Long.MAX_VALUE / 2))) {
            SseClient.Frame frame = idle.next(10);
            assertThat(frame).isNotNull();
            assertThat(frame.comment()).isEqualTo("heartbeat");
        }
    }

    @Test
    void givenTwoOpenStreams_whenTheUserOpensAThird_thenTooManyRequests() throws Exception {
        String far = Long.toString(Long.MAX_VALUE / 2);
        try (SseClient one = new SseClient(port, "admin", far); SseClient two = new SseClient(port, "admin", far)) {
            assertThat(one.status).isEqualTo(200);
            assertThat(two.status).isEqualTo(200);
            SseClient third = new SseClient(port, "admin", far);
            assertThat(third.status).isEqualTo(429);
            assertThat(third.contentType).startsWith("application/problem+json");
            assertThat(JSON.readTree(third.body).path("limit").asInt()).isEqualTo(2);
        }
        // closed streams are noticed at their next heartbeat, then the user may open streams again
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            try (SseClient again = new SseClient(port, "admin", far)) {
                assertThat(again.status).isEqualTo(200);
            }
        });
        SseClient bad = new SseClient(port, "integration", "x");
        assertThat(bad.status).isEqualTo(400);
        assertThat(api.get("evaluator", "/api/feed/stream").status()).isEqualTo(403);
    }

    /** Reads {@code count} events; each frame's id is its position and follows the one before. */
    private static String readEvents(SseClient client, List<String> into, int count, String after) throws Exception {
        String last = after;
        int read = 0;
        while (read < count) {
            SseClient.Frame frame = client.next(30);
            assertThat(frame).as("event %d of %d", read + 1, count).isNotNull();
            if (frame.comment() != null) {
                continue;
            }
            JsonNode event = JSON.readTree(frame.data());
            assertThat(Long.parseLong(frame.id())).isGreaterThan(Long.parseLong(last));
            assertThat(event.path("sequence").asLong()).isEqualTo(Long.parseLong(frame.id()));
            into.add(event.path("id").asText());
            last = frame.id();
            read++;
        }
        return last;
    }

    private long head() {
        Long head = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
        return head == null ? 0 : head;
    }
}

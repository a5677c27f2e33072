package de.pilotregistry.app.evaluation;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consistency model: every write names its position; a read with minPosition sees it; an answer for a
 * knownAt is final (the same, byte for byte, whenever it is asked again).
 */
class ConsistencyTest extends RegistryTest {

    @Test
    void givenAWrite_whenReadWithItsPosition_thenTheReadSeesIt() {
        for (int round = 0; round < 10; round++) {
            Api.Response defined = api.postJson("admin", "/api/pilots", """
                    {"name":"Read your writes","jobcenter":"Kreis Borken","site":"Velen","start":"2011-03-01",
                     "end":"2012-02-29","participantPlaces":4}""");
            assertThat(defined.status()).isEqualTo(201);
            long position = positionOf(defined);
            String pilot = defined.json().get("pilotId").asText();
            Api.Response shown = api.get("admin", "/api/pilots/" + pilot + "?minPosition=" + position);
            assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
            assertThat(positionOf(shown)).isGreaterThanOrEqualTo(position);

            Api.Response imported = api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                    Populations.csv(Populations.uniquePrefix(), 20, round));
            Api.Response drawn = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
            assertThat(drawn.status()).as(drawn.toString()).isEqualTo(201);
            assertThat(positionOf(drawn)).isGreaterThan(positionOf(imported));
            Api.Response draw = api.send("admin", "GET", "/api/pilots/" + pilot + "/draw", null, null, null);
            Api.Response participants = api.get("admin", "/api/pilots/" + pilot + "/participants?minPosition="
                    + positionOf(drawn));
            assertThat(participants.json()).as(participants.toString()).hasSize(4);
            assertThat(api.get("admin", "/api/pilots/" + pilot + "/draw?minPosition=" + positionOf(drawn)).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void givenAPositionNotReached_whenRead_thenServiceUnavailableWithWhatWasReached() {
        long far = eventCount() + 1_000_000;
        Api.Response answer = api.get("admin", "/api/pilots?minPosition=" + far + "&wait=PT0.2S");
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.json().get("requested").asText()).isEqualTo(Long.toString(far));
        assertThat(answer.json().get("reachedPosition").asLong()).isLessThan(far);

        assertThat(api.get("admin", "/api/pilots?minPosition=abc").status()).isEqualTo(400);
        assertThat(api.get("admin", "/api/pilots?minPosition=1&wait=PT5M").status()).isEqualTo(400);
        Api.Response future = api.get("evaluator", "/api/pilots/x/cohort?knownAt=2999-01-01T00:00:00Z");
        assertThat(future.status()).as(future.toString()).isEqualTo(400);
    }

    /**
     * 8 writers record facts while a reader takes knownAt values just after writes were acknowledged; every answer
     * is asked again after the load and must be identical.
     */
    @Test
    void givenConcurrentWriters_whenAPastKnownAtIsAskedAgainLater_thenTheAnswerIsIdentical() throws Exception {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(20);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 80, 5))
                .status()).isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(201);

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                Api client = new Api(port);
                for (int round = 0; !stop.get(); round++) {
                    String person = prefix + String.format("%06d", (writer * 10 + round) % 80);
                    Api.Response one = client.postJson("steward", "/api/persons/" + person + "/facts",
                            "{\"type\":\"CONTACT\",\"effective_date\":\"2011-05-0" + (1 + round % 9)
                                    + "\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}");
                    assertThat(one.status()).as(one.toString()).isEqualTo(201);
                }
                return null;
            }));
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            String knownAt = Instant.now().toString();
            for (String path : List.of("/cohort?validAt=2011-06-01&size=80", "/outcomes?to=2011-06-01",
                    "/series?from=2011-03-01&to=2011-07-01")) {
                String query = "/api/pilots/" + pilot + path + "&knownAt=" + knownAt;
                Api.Response answer = api.get("evaluator", query);
                assertThat(answer.status()).as(query + " " + answer).isEqualTo(200);
                assertThat(answer.raw().headers().firstValue("Registry-Known-At")).isPresent();
                assertThat(Instant.parse(answer.raw().headers().firstValue("Registry-Horizon").orElseThrow()))
                        .isAfterOrEqualTo(Instant.parse(knownAt));
                answers.put(query, answer.body());
            }
            Thread.sleep(40);
        }
        stop.set(true);
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(answers.values()).anyMatch(body -> body.contains("\"contacts\":1"));
        Long decreasing = jdbc.queryForObject("select count(*) from (select timestamp, lag(timestamp) over "
                + "(order by globalindex) as before from domainevententry) t where timestamp < before", Long.class);
        assertThat(decreasing).as("record times that go back in global order").isZero();
        answers.forEach((query, body) -> assertThat(api.get("evaluator", query).body()).as(query).isEqualTo(body));
    }

    private static long positionOf(Api.Response response) {
        return Long.parseLong(response.raw().headers().firstValue("Registry-Position")
                .orElseThrow(() -> new AssertionError("no Registry-Position: " + response)));
    }
}

package de.pilotregistry.app.web;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static de.pilotregistry.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which first answers an Idempotency-Key keeps: complete answers that a repeat would get again (2xx, and the
 * domain's 404, 409, 422), never a failure (5xx) or a refusal of the caller (401, 403); and a key whose request
 * died is not "in progress" for ever.
 */
class IdempotencyTest extends RegistryTest {

    private static final String PILOT = "{\"name\":\"Idem\",\"jobcenter\":\"Kreis Borken\",\"site\":\"Rhede\","
            + "\"start\":\"2011-03-01\",\"end\":\"2012-02-29\",\"participantPlaces\":5}";

    private Api.Response post(String user, String path, String contentType, String body, String key) {
        return api.send(user, "POST", path, contentType, body, null, key);
    }

    private long keptFor(String user, String key) {
        return jdbc.queryForObject("select count(*) from idempotent_request where user_name = ? and idem_key = ?",
                Long.class, user, key);
    }

    @Test
    void givenAFirstRequestThatFailedWith500_whenRepeatedWithTheSameKey_thenItRunsAgain() {
        String key = UUID.randomUUID().toString();
        String path = "/api/test/fails-once/" + key;
        assertProblem(post("admin", path, null, null, key), 500);
        assertThat(keptFor("admin", key)).isZero();

        Api.Response second = post("admin", path, null, null, key);
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.json().get("calls").asInt()).isEqualTo(2);
        Api.Response third = post("admin", path, null, null, key);
        assertThat(third.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(third.json().get("calls").asInt()).as("kept, not run again").isEqualTo(2);
    }

    @Test
    void givenARequestRefusedAsForbiddenOrUnauthenticated_whenSentWithAKey_thenTheKeyIsNeitherCreatedNorConsumed() {
        String pilot = definePilot(4);
        String key = UUID.randomUUID().toString();
        assertProblem(post("steward", "/api/pilots", "application/json", PILOT, key), 403);
        assertProblem(post("caseworker1", "/api/pilots/" + pilot + "/population", "text/csv",
                Populations.csv(Populations.uniquePrefix(), 5, 1), key), 403);
        assertThat(keptFor("steward", key)).isZero();
        assertThat(keptFor("caseworker1", key)).isZero();
        assertProblem(api.sendBytes(null, "POST", "/api/pilots", "application/json",
                PILOT.getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", Api.basic("admin", "wrong"), "Idempotency-Key", key)), 401);
        assertThat(keptFor("admin", key)).isZero();

        Api.Response imported = post("steward", "/api/pilots/" + pilot + "/population", "text/csv",
                Populations.csv(Populations.uniquePrefix(), 5, 1), key);
        assertThat(imported.status()).as("the same key, now for a request the steward may send: " + imported)
                .isEqualTo(200);
        Api.Response defined = post("admin", "/api/pilots", "application/json", PILOT, key);
        assertThat(defined.status()).isEqualTo(201);
        assertThat(defined.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void givenADomainRefusal_whenRepeatedWithTheSameKey_thenTheSameAnswerComesBack() {
        String key = UUID.randomUUID().toString();
        Api.Response invalid = post("admin", "/api/pilots", "application/json", "{\"name\":\"\"}", key);
        assertProblem(invalid, 422);
        Api.Response again = post("admin", "/api/pilots", "application/json", "{\"name\":\"\"}", key);
        assertProblem(again, 422);
        assertThat(again.body()).isEqualTo(invalid.body());
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");

        String unknownParameter = UUID.randomUUID().toString();
        assertProblem(post("admin", "/api/pilots?x=1", "application/json", PILOT, unknownParameter), 400);
        assertThat(keptFor("admin", unknownParameter)).as("a 400 of the request's form is not kept").isZero();
    }

    @Test
    void givenAKeyInProgress_whenItsOwnerLivesOrDied_thenARepeatWaitsOrRuns() {
        String key = UUID.randomUUID().toString();
        Api.Response first = post("admin", "/api/pilots", "application/json", PILOT, key);
        assertThat(first.status()).isEqualTo(201);
        String live = UUID.randomUUID().toString();
        jdbc.update("insert into registry_instance (instance_id, slot) values (?, ?)", live, "elsewhere:" + live);
        // as if another live registry were still running the first request
        jdbc.update("update idempotent_request set status = null, content_type = null, body = null, "
                + "owner_instance = ?, claim_id = ?, heartbeat_at = now() where user_name = 'admin' and idem_key = ?",
                live, UUID.randomUUID().toString(), key);
        Api.Response running = post("admin", "/api/pilots", "application/json", PILOT, key);
        assertProblem(running, 409);
        assertThat(running.raw().headers().firstValue("Retry-After")).isPresent();

        // its heartbeat stopped: the request died (its process was killed, or it ended without a word)
        jdbc.update("update idempotent_request set heartbeat_at = now() - interval '10 minutes' "
                + "where user_name = 'admin' and idem_key = ?", key);
        Api.Response rerun = post("admin", "/api/pilots", "application/json", PILOT, key);
        assertThat(rerun.status()).as(rerun.toString()).isEqualTo(201);
        assertThat(rerun.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(post("admin", "/api/pilots", "application/json", PILOT, key).raw().headers()
                .firstValue("Idempotent-Replayed")).contains("true");

        // its owner restarted (a new instance took its place): released at once
        String restarted = UUID.randomUUID().toString();
        jdbc.update("update idempotent_request set status = null, content_type = null, body = null, "
                + "owner_instance = ?, claim_id = ?, heartbeat_at = now() where user_name = 'admin' and idem_key = ?",
                restarted, UUID.randomUUID().toString(), key);
        Api.Response afterRestart = post("admin", "/api/pilots", "application/json", PILOT, key);
        assertThat(afterRestart.status()).as(afterRestart.toString()).isEqualTo(201);
        assertThat(afterRestart.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
    }
}

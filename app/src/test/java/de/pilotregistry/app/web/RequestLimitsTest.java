package de.pilotregistry.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static de.pilotregistry.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded requests and bounded answers: bodies beyond their limit are refused with 413 (declared or counted while
 * streaming), an answer echoes at most a short excerpt of any value and lists at most 1,000 problems.
 */
class RequestLimitsTest extends RegistryTest {

    private static final int MAX_PROBLEMS = 1000;

    @Autowired
    Environment environment;

    private long limit(String name) {
        return DataSize.parse(environment.getProperty("registry.limits." + name, "1MB")).toBytes();
    }

    private String head(String user, String path, String contentType) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + Api.basic(user, Api.PASSWORD)
                + "\r\nContent-Type: " + contentType;
    }

    @Test
    void givenADeclaredLengthBeyondTheLimit_whenPosted_then413AtOnceWithoutReadingTheBody() {
        String pilot = definePilot(4);
        long csv = limit("csv-body");
        JsonNode problem = assertProblem(api.raw(head("steward", "/api/pilots/" + pilot + "/population", "text/csv")
                + "\r\nContent-Length: " + (csv + 1), null, false), 413);
        assertThat(problem.get("detail").asText()).contains(DataSize.ofBytes(csv).toMegabytes() + " MB");
        assertProblem(api.raw(head("admin", "/api/pilots", "application/json") + "\r\nContent-Length: "
                + (limit("json-body") + 1), null, false), 413);
        assertThat(eventsOf(pilot)).isEqualTo(1);
    }

    @Test
    void givenAChunkedBodyBeyondTheLimit_whenStreamed_then413AndNothingIsStored() {
        String pilot = definePilot(4);
        String key = UUID.randomUUID().toString();
        long csv = limit("csv-body");
        String prefix = Populations.uniquePrefix();
        int rows = (int) (csv / 60) + 2_000; // a population row has about 60 bytes
        InputStream file = new ByteArrayInputStream(Populations.csv(prefix, rows, 2).getBytes(StandardCharsets.UTF_8));
        assertProblem(api.raw(head("steward", "/api/pilots/" + pilot + "/population", "text/csv")
                + "\r\nIdempotency-Key: " + key, file, true), 413);
        assertThat(eventsOf(pilot)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from idempotent_request where idem_key = ?", Long.class, key))
                .as("a refused request keeps no key").isZero();

        String name = "n".repeat((int) limit("json-body"));
        InputStream json = new ByteArrayInputStream(("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8));
        long pilots = jdbc.queryForObject("select count(*) from domainevententry", Long.class);
        assertProblem(api.raw(head("admin", "/api/pilots", "application/json"), json, true), 413);
        assertThat(eventCount()).isEqualTo(pilots);

        Api.Response small = api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(prefix, 5, 2));
        assertThat(small.status()).as("the connection pool and the registry are fine afterwards").isEqualTo(200);
    }

    @Test
    void givenLongValues_whenRefused_thenTheAnswerEchoesAtMostAShortExcerpt() {
        String pilot = definePilot(4);
        String z = "Z".repeat(500);
        for (Api.Response refused : new Api.Response[]{
                api.get("evaluator", "/api/pilots/" + pilot + "/outcomes?knownAt=" + z),
                api.get("evaluator", "/api/pilots/" + pilot + "/outcomes?from=" + z + "&breakdown=" + z),
                api.get("evaluator", "/api/pilots/" + pilot + "/cohort?page=" + z),
                api.get("admin", "/api/pilots?minPosition=" + z),
                api.get("admin", "/api/pilots?wait=" + z),
                api.get("admin", "/api/pilots/" + z),
                api.get("admin", "/api/pilots?" + z + "=1"),
                api.postJson("admin", "/api/pilots", "{\"" + z + "\":1}"),
                api.postCsv("steward", "/api/facts", "person,type,effective_date\n" + "Z".repeat(128)
                        + ",CONTACT,2011-03-01\n"),
                api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.HEADER + "," + z + "\n"),
                api.send("steward", "POST", "/api/facts", "text/csv;" + z, "person", null),
        }) {
            assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
            assertThat(refused.body()).as(refused.toString()).doesNotContain("Z".repeat(61));
        }
    }

    @Test
    void givenThousandsOfProblems_whenRefused_thenAtMost1000AreListed() {
        String pilot = definePilot(4);
        StringBuilder header = new StringBuilder(Populations.HEADER);
        for (int i = 0; i < 3000; i++) {
            header.append(",extra").append(i);
        }
        assertListed(api.postCsv("steward", "/api/pilots/" + pilot + "/population", header + "\n"));

        String prefix = Populations.uniquePrefix();
        StringBuilder facts = new StringBuilder("person,type,effective_date,channel,outcome\n");
        for (int i = 0; i < 1500; i++) {
            facts.append(prefix).append(i).append(",CONTACT,2011-03-01,PHONE,ATTENDED\n");
        }
        assertListed(api.postCsv("steward", "/api/facts", facts.toString()));

        StringBuilder fields = new StringBuilder("{\"name\":\"x\"");
        StringBuilder parameters = new StringBuilder("/api/pilots?");
        for (int i = 0; i < 1500; i++) {
            fields.append(",\"f").append(i).append("\":1");
            parameters.append("p").append(i).append("&");
        }
        assertListed(api.postJson("admin", "/api/pilots", fields + "}"));
        assertListed(api.get("admin", parameters.toString()));
        assertThat(eventsOf(pilot)).isEqualTo(1);
    }

    private static void assertListed(Api.Response refused) {
        JsonNode problem = refused.json();
        assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
        assertThat(problem.get("errors").size()).as(refused.status() + " " + problem.get("detail"))
                .isPositive().isLessThanOrEqualTo(MAX_PROBLEMS);
    }
}

package de.pilotregistry.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static de.pilotregistry.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error is {@code application/problem+json} in UTF-8, whoever raises it: the controllers, Spring MVC (404,
 * 405, 406, 415), Spring Security (401, 403), filters, and bugs (500, without stack trace or message).
 */
class ErrorAnswersTest extends RegistryTest {

    @Test
    void givenAnUnknownRoute_whenCalled_then404ProblemThatDoesNotEchoThePath() {
        String longPath = "/api/nothing-here/" + "x".repeat(300);
        JsonNode problem = assertProblem(api.get("admin", longPath), 404);
        assertThat(problem.toString()).doesNotContain("x".repeat(61));
        assertProblem(api.get("admin", "/no-api-at-all"), 404);
        assertProblem(api.get(null, "/api/nothing-here"), 401);
    }

    @Test
    void givenTheWrongMethodOrMediaType_whenCalled_then405And406And415Problems() {
        assertProblem(api.send("admin", "DELETE", "/api/pilots", null, null, null), 405);
        assertProblem(api.send("admin", "GET", "/api/pilots", null, null, "application/xml"), 406);
        assertProblem(api.send("admin", "POST", "/api/pilots", "text/plain", "{}", null), 415);
        assertProblem(api.send("admin", "POST", "/api/pilots", "application/xml", "<pilot/>", null), 415);
    }

    @Test
    void givenCredentialsMissingOrWrongOrARoleThatMayNot_whenCalled_thenSecurityAnswersWithProblems() {
        JsonNode missing = assertProblem(api.get(null, "/api/pilots"), 401);
        assertThat(missing.get("title").asText()).isEqualTo("Authentication required");
        assertProblem(api.sendBytes(null, "GET", "/api/pilots", null, null,
                Map.of("Authorization", Api.basic("admin", "wrong"))), 401);
        assertProblem(api.postJson("caseworker1", "/api/pilots", "{}"), 403);
    }

    @Test
    void givenABug_whenItThrows_then500ProblemWithoutStackTraceOrMessage() {
        JsonNode problem = assertProblem(api.get("admin", "/api/test/failure"), 500);
        assertThat(problem.get("detail").asText()).doesNotContain("IllegalState");
    }

    @Test
    void givenARequestAFilterRefuses_whenSent_thenAProblemToo() {
        // Spring Security's firewall refuses encoded path separators before any controller sees them.
        assertProblem(api.get("admin", "/api/pilots/%2e%2e/x"), 400);
        assertProblem(api.send("admin", "POST", "/api/pilots", "application/json", "{}", null, " "), 400);
        String tooLongKey = "k".repeat(300);
        JsonNode key = assertProblem(api.send("admin", "POST", "/api/pilots", "application/json", "{}", null,
                tooLongKey), 400);
        assertThat(key.toString()).doesNotContain("k".repeat(61));
    }

    @Test
    void givenARequestTomcatCannotParse_whenSent_thenAProblemNotTomcatsHtmlPage() {
        assertProblem(api.raw("GET /api/pilots|x HTTP/1.1\r\nHost: x", null, false), 400);
        assertProblem(api.raw("GET /api/%zz HTTP/1.1\r\nHost: x", null, false), 400);
        assertProblem(api.raw("GET /api/pilots HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000), null, false), 400);
    }

    /**
     * A form on another site can post text/plain, url-encoded or multipart bodies without asking first (no CORS
     * preflight), with the Basic credentials a browser keeps. No write takes them.
     */
    @Test
    void givenFormOrPlainTextBodies_whenPostedToAnyWrite_then415AndNothingHappens() {
        String pilot = definePilot(4);
        String csv = Populations.csv(Populations.uniquePrefix(), 10, 1);
        long before = eventsOf(pilot);
        for (String type : new String[]{"text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x"}) {
            assertProblem(api.send("steward", "POST", "/api/pilots/" + pilot + "/population", type, csv, null), 415);
            assertProblem(api.send("steward", "POST", "/api/facts", type, "person,type", null), 415);
            assertProblem(api.send("admin", "POST", "/api/pilots", type, "name=x", null), 415);
            assertProblem(api.send("admin", "POST", "/api/pilots/" + pilot + "/caseworkers", type, "a=b", null), 415);
            assertProblem(api.send("admin", "POST", "/api/pilots/" + pilot + "/draw", type, "a=b", null), 415);
            assertProblem(api.send("admin", "POST", "/api/admin/projections/pilots/replay", type, "a=b", null), 415);
        }
        assertThat(eventsOf(pilot)).isEqualTo(before);
        Api.Response csvAccepted = api.sendBytes("steward", "POST", "/api/pilots/" + pilot + "/population",
                "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(csvAccepted.status()).as(csvAccepted.toString()).isEqualTo(200);
    }
}

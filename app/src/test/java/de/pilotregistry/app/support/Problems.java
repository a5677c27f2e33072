package de.pilotregistry.app.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** What every error answer must look like: RFC 9457 problem details in UTF-8, nothing of the inside shown. */
public final class Problems {

    private Problems() {
    }

    public static JsonNode assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType().toLowerCase(Locale.ROOT).replace(" ", ""))
                .as("content type of " + response).isEqualTo("application/problem+json;charset=utf-8");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.path("type").asText("about:blank")).as("type, a URI (RFC 9457)").isNotEqualTo("null");
        assertThat(response.body()).as("no internals in " + response)
                .doesNotContain(FailingEndpoints.SECRET).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("\"trace\"").doesNotContain("\"message\":\"Failed");
        return problem;
    }

    public static JsonNode assertProblem(Api.RawResponse response, int status) {
        assertThat(response.status()).as(response.head() + "\n" + response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type").toLowerCase(Locale.ROOT).replace(" ", ""))
                .isEqualTo("application/problem+json;charset=utf-8");
        JsonNode problem = new Api.Response(response.status(), response.header("Content-Type"), response.body(), null)
                .json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }
}

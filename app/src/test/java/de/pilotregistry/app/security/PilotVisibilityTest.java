package de.pilotregistry.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Caseworkers see only the pilots they are registered in as caseworker, in the list and per pilot; a pilot they do
 * not see is answered exactly like an unknown one. Every other role sees every pilot.
 */
class PilotVisibilityTest extends RegistryTest {

    private List<String> listed(String user) {
        List<String> ids = new ArrayList<>();
        for (JsonNode pilot : api.get(user, "/api/pilots").json()) {
            ids.add(pilot.get("pilotId").asText());
        }
        return ids;
    }

    @Test
    void caseworkersSeeTheirOwnPilotsOnly() {
        String mine = definePilot(5);
        String other = definePilot(5);
        Api.Response registered = api.postJson("admin", "/api/pilots/" + mine + "/caseworkers",
                "{\"caseworker\":\"caseworker2\",\"name\":\"Jan Terhorst\"}");
        assertThat(registered.status()).isEqualTo(201);
        for (String user : List.of("admin", "steward", "evaluator", "auditor", "integration")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> listed(user).containsAll(List.of(mine, other)));
            assertThat(api.get(user, "/api/pilots/" + other).status()).as(user).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> listed("caseworker2").contains(mine));

        assertThat(listed("caseworker2")).contains(mine).doesNotContain(other);
        assertThat(api.get("caseworker2", "/api/pilots/" + mine).status()).isEqualTo(200);
        assertThat(api.get("caseworker2", "/api/pilots/" + mine + "/participants").status()).isEqualTo(200);

        Api.Response hidden = api.get("caseworker2", "/api/pilots/" + other);
        Api.Response unknown = api.get("caseworker2", "/api/pilots/no-such-pilot");
        assertThat(hidden.status()).isEqualTo(404).isEqualTo(unknown.status());
        assertThat(hidden.contentType()).startsWith("application/problem+json");
        assertThat(hidden.json().get("detail").asText().replace(other, "X"))
                .isEqualTo(unknown.json().get("detail").asText().replace("no-such-pilot", "X"));
        assertThat(api.get("caseworker2", "/api/pilots/" + other + "/participants").status()).isEqualTo(404);
        // caseworker1 is registered in neither
        assertThat(listed("caseworker1")).doesNotContain(mine, other);
        assertThat(api.get("caseworker1", "/api/pilots/" + mine).status()).isEqualTo(404);
    }
}

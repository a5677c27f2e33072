package de.pilotregistry.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Erasure proposals: persons whose pilots all ended more than ten years ago (§ 84 SGB X), not erased yet. */
class RetentionTest extends RegistryTest {

    @Test
    void givenPilotsEndedLongAgoAndRecently_whenTheAdminAsks_thenOnlyPersonsOfOldPilotsNotErasedAreProposed() {
        String prefix = Populations.uniquePrefix();
        String old = definePilot(5); // 2011-03-01 to 2012-02-29
        assertThat(api.postCsv("steward", "/api/pilots/" + old + "/population", Populations.csv(prefix, 6, 1))
                .status()).isEqualTo(200);
        Api.Response recent = api.postJson("admin", "/api/pilots", """
                {"name":"Recent pilot","jobcenter":"Kreis Borken","site":"Velen","start":"2020-03-01",
                 "end":"2021-02-28","participantPlaces":1}""");
        assertThat(recent.status()).as(recent.toString()).isEqualTo(201);
        String newer = recent.json().get("pilotId").asText();
        // the first two persons are in the recent pilot too
        assertThat(api.postCsv("steward", "/api/pilots/" + newer + "/population", Populations.csv(prefix, 2, 1))
                .status()).isEqualTo(200);
        Api.Response erased = api.postJson("admin", "/api/persons/" + prefix + "000005/erase",
                "{\"reason\":\"asked\"}");
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        String position = erased.raw().headers().firstValue("Registry-Position").orElseThrow();

        Api.Response answer = api.get("admin", "/api/admin/retention?limit=10000&minPosition=" + position);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("retention").asText()).isEqualTo("P10Y");
        assertThat(LocalDate.parse(answer.json().get("endedBefore").asText()))
                .isEqualTo(LocalDate.now().minusYears(10)); // Berlin and UTC agree but for an hour at midnight
        Map<String, JsonNode> ours = new HashMap<>();
        answer.json().get("persons").forEach(p -> {
            if (p.get("person").asText().startsWith(prefix)) {
                ours.put(p.get("person").asText(), p);
            }
        });
        assertThat(ours.keySet()).containsExactlyInAnyOrder(prefix + "000002", prefix + "000003", prefix + "000004");
        JsonNode proposal = ours.get(prefix + "000002");
        assertThat(proposal.get("pilots")).hasSize(1);
        assertThat(proposal.get("pilots").get(0).asText()).isEqualTo(old);
        assertThat(proposal.get("lastPilotEnd").asText()).isEqualTo("2012-02-29");

        assertThat(api.get("steward", "/api/admin/retention").status()).isEqualTo(403);
        assertThat(api.get("auditor", "/api/admin/retention").status()).isEqualTo(403);
        Api.Response bad = api.get("admin", "/api/admin/retention?limit=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("limit");
    }
}

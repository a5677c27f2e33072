package de.pilotregistry.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's timeline as an auditor reads it, after a pilot's whole life over HTTP: every event in record order, who
 * recorded it in which role and by which request, and what each correction and retraction replaced.
 */
class PersonTimelineTest extends RegistryTest {

    @Test
    void givenAParticipantsWholeStory_whenTheAuditorReadsTheTimeline_thenEveryEventIsThereWithItsOrigin() {
        String pilot = definePilot(5);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(Populations.uniquePrefix(), 20, 5)).status()).isEqualTo(200);
        Api.Response drawn = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        String position = drawn.raw().headers().firstValue("Registry-Position").orElseThrow();
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"Anna Schulte\"}").status()).isEqualTo(201);
        String person = api.get("admin", "/api/pilots/" + pilot + "/participants?minPosition=" + position).json()
                .get(0).get("person").asText();
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/assignments", """
                {"person":"%s","caseworker":"caseworker1","effectiveDate":"2011-03-01"}""".formatted(person))
                .status()).isEqualTo(201);

        Api.Response fact = post("caseworker1", "/api/persons/" + person + "/facts", """
                {"type":"CONTACT","effective_date":"2011-03-07","channel":"IN_PERSON","outcome":"ATTENDED"}""",
                "audit-fact-1");
        assertThat(fact.status()).as(fact.toString()).isEqualTo(201);
        assertThat(fact.raw().headers().firstValue("X-Request-Id")).contains("audit-fact-1");
        String factId = fact.json().get("eventId").asText();
        Api.Response correction = post("caseworker1", "/api/persons/" + person + "/facts", """
                {"type":"CONTACT","effective_date":"2011-03-07","channel":"IN_PERSON","outcome":"MISSED",
                 "corrects":"%s"}""".formatted(factId), "bad id with spaces");
        assertThat(correction.status()).as(correction.toString()).isEqualTo(201);
        String generated = correction.raw().headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).as("an id that is no sane token is replaced").matches("[0-9a-f-]{36}");
        String correctionId = correction.json().get("eventId").asText();
        Api.Response retraction = post("steward", "/api/persons/" + person + "/facts", """
                {"type":"RETRACTION","corrects":"%s","reason":"recorded for the wrong person"}"""
                .formatted(correctionId), null);
        assertThat(retraction.status()).as(retraction.toString()).isEqualTo(201);
        api.download("evaluator", "/api/pilots/" + pilot + "/export?validAt=2011-06-01&minPosition="
                + retraction.json().get("position").asText());

        Api.Response answer = api.get("auditor", "/api/audit/persons/" + person + "/timeline");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode events = answer.json().get("events");
        assertThat(types(events)).containsExactly("PopulationMemberRecorded", "GroupsDrawn", "ParticipantAssigned",
                "ContactRecorded", "ContactRecorded", "FactRetracted", "DataExported");
        List<Long> positions = new ArrayList<>();
        for (JsonNode event : events) {
            positions.add(event.get("position").asLong());
            assertThat(event.get("requestId").asText()).as("every event names its request").isNotBlank();
            assertThat(event.get("eventId").asText()).isNotBlank();
            assertThat(event.get("recordedAt").asText()).isNotBlank();
        }
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(recordedBy(events.get(0))).isEqualTo(Map.of("user", "steward", "role", "DATA_STEWARD"));
        assertThat(recordedBy(events.get(1))).isEqualTo(Map.of("user", "admin", "role", "ADMIN"));
        assertThat(events.get(1).get("data").get("group").asText()).isEqualTo("PARTICIPANT");
        assertThat(events.get(1).get("data").has("participants")).as("no other person's pseudonym").isFalse();
        assertThat(recordedBy(events.get(3))).isEqualTo(Map.of("user", "caseworker1", "role", "CASEWORKER"));
        assertThat(events.get(3).get("requestId").asText()).isEqualTo("audit-fact-1");
        assertThat(events.get(3).get("eventId").asText()).isEqualTo(factId);
        assertThat(events.get(3).get("effectiveDate").asText()).isEqualTo("2011-03-07");
        assertThat(events.get(4).get("requestId").asText()).isEqualTo(generated);
        JsonNode replaces = events.get(4).get("replaces");
        assertThat(replaces.get("eventId").asText()).isEqualTo(factId);
        assertThat(replaces.get("changes").get("outcome").get("from").asText()).isEqualTo("ATTENDED");
        assertThat(replaces.get("changes").get("outcome").get("to").asText()).isEqualTo("MISSED");
        assertThat(replaces.get("changes").size()).isEqualTo(1);
        assertThat(events.get(5).get("replaces").get("eventId").asText()).isEqualTo(correctionId);
        assertThat(events.get(5).get("replaces").get("changes").isNull()).isTrue();
        assertThat(recordedBy(events.get(5))).isEqualTo(Map.of("user", "steward", "role", "DATA_STEWARD"));
        assertThat(recordedBy(events.get(6))).isEqualTo(Map.of("user", "evaluator", "role", "EVALUATOR"));

        String factRecordedAt = events.get(3).get("recordedAt").asText();
        JsonNode before = api.get("auditor", "/api/audit/persons/" + person + "/timeline?knownAt=" + factRecordedAt)
                .json().get("events");
        assertThat(types(before)).containsExactly("PopulationMemberRecorded", "GroupsDrawn", "ParticipantAssigned",
                "ContactRecorded");
    }

    @Test
    void givenOtherRolesOrBadTimes_whenAskingForATimeline_thenRefused() {
        for (String user : new String[]{"admin", "evaluator", "steward", "caseworker1"}) {
            assertThat(api.get(user, "/api/audit/persons/P-1/timeline").status()).isEqualTo(403);
        }
        Api.Response bad = api.get("auditor", "/api/audit/persons/P-1/timeline?knownAt=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("knownAt");
        Api.Response unknown = api.get("auditor", "/api/audit/persons/nobody-" + Populations.uniquePrefix()
                + "/timeline");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().get("events")).isEmpty();
    }

    private Api.Response post(String user, String path, String json, String requestId) {
        return api.sendBytes(user, "POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8),
                requestId == null ? Map.of() : Map.of("X-Request-Id", requestId));
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.get("type").asText()));
        return types;
    }

    private static Map<String, String> recordedBy(JsonNode event) {
        return Map.of("user", event.get("recordedBy").get("user").asText(),
                "role", event.get("recordedBy").get("role").asText());
    }
}

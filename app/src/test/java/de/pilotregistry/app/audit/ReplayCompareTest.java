package de.pilotregistry.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pilot replayed from its events equals the live read model at three moments of its life (and three days each),
 * and a read model changed behind the registry's back is caught.
 */
class ReplayCompareTest extends RegistryTest {

    private static final String[] DAYS = {"2011-04-15", "2011-06-20", "2011-11-01"};

    @Test
    void givenAPilotsLife_whenReplayedAtThreeMoments_thenItEqualsTheLiveReadModelEachTime() {
        String pilot = definePilot(5);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(Populations.uniquePrefix(), 30, 17)).status()).isEqualTo(200);
        long drawn = position(api.postJson("admin", "/api/pilots/" + pilot + "/draw", ""));
        JsonNode inputs = api.get("auditor", "/api/audit/pilots/" + pilot + "/draw/inputs").json();
        String p1 = inputs.get("participants").get(0).asText();
        String p2 = inputs.get("participants").get(1).asText();
        String c1 = inputs.get("comparison").get(0).asText();
        api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers", "{\"caseworker\":\"caseworker1\",\"name\":\"A\"}");
        api.postJson("admin", "/api/pilots/" + pilot + "/assignments",
                "{\"person\":\"" + p1 + "\",\"caseworker\":\"caseworker1\",\"effectiveDate\":\"2011-03-01\"}");
        long first = position(api.postJson("admin", "/api/pilots/" + pilot + "/assignments",
                "{\"person\":\"" + p2 + "\",\"caseworker\":\"caseworker1\",\"effectiveDate\":\"2011-03-01\"}"));
        String moment1 = recordTime(Math.max(drawn, first));

        String contact = fact(p1, "\"type\":\"CONTACT\",\"effective_date\":\"2011-03-07\",\"channel\":\"IN_PERSON\","
                + "\"outcome\":\"ATTENDED\"").json().get("eventId").asText();
        fact(p1, "\"type\":\"JOB_START\",\"effective_date\":\"2011-04-01\",\"employment_type\":\"FULL_TIME\"");
        fact(p1, "\"type\":\"EXIT\",\"effective_date\":\"2011-05-01\",\"reason\":\"EMPLOYMENT\"");
        fact(p2, "\"type\":\"EXIT\",\"effective_date\":\"2011-06-10\"");
        fact(c1, "\"type\":\"JOB_START\",\"effective_date\":\"2011-08-01\",\"employment_type\":\"PART_TIME\"");
        String moment2 = recordTime(position(fact(p2, "\"type\":\"BENEFIT_CHANGE\",\"effective_date\":\"2011-03-15\","
                + "\"monthly_claim\":\"410.00\"")));

        fact(p2, "\"type\":\"REENTRY\",\"effective_date\":\"2011-06-15\",\"monthly_claim\":\"380.00\"");
        fact(p1, "\"type\":\"CONTACT\",\"effective_date\":\"2011-03-07\",\"channel\":\"IN_PERSON\","
                + "\"outcome\":\"MISSED\",\"corrects\":\"" + contact + "\"");
        fact(c1, "\"type\":\"JOB_END\",\"effective_date\":\"2011-10-01\"");
        Api.Response ended = api.postJson("admin", "/api/pilots/" + pilot + "/assignments/" + p1 + "/end",
                "{\"effectiveDate\":\"2011-06-01\",\"reason\":\"PARTICIPANT_EXITED\"}");
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        String moment3 = recordTime(position(ended));

        List<String> outcomes = new ArrayList<>();
        for (String knownAt : new String[]{moment1, moment2, moment3}) {
            for (String validAt : DAYS) {
                String point = "?knownAt=" + knownAt + "&validAt=" + validAt;
                Api.Response compared = api.get("auditor", "/api/audit/pilots/" + pilot + "/compare" + point);
                assertThat(compared.status()).as(compared.toString()).isEqualTo(200);
                assertThat(compared.json().get("differences")).as(point).isEmpty();
                assertThat(compared.json().get("matches").asBoolean()).isTrue();
                assertThat(compared.json().get("replayed")).isEqualTo(compared.json().get("live"));
                outcomes.add(compared.json().get("replayed").toString());
            }
        }
        assertThat(new HashSet<>(outcomes)).as("the moments and days see different states of the pilot")
                .hasSizeGreaterThan(4);

        JsonNode late = api.get("auditor", "/api/audit/pilots/" + pilot + "/replay?knownAt=" + moment3
                + "&validAt=2011-06-20").json();
        JsonNode person1 = person(late, p1);
        assertThat(person1.get("entitled").asBoolean()).isFalse();
        assertThat(person1.get("employmentType").asText()).isEqualTo("FULL_TIME");
        assertThat(person1.get("caseworker").isNull()).as("the assignment ended on 2011-06-01").isTrue();
        assertThat(person1.get("contacts").asInt()).as("the attended contact was corrected to missed").isZero();
        JsonNode person2 = person(late, p2);
        assertThat(person2.get("entitled").asBoolean()).as("a re-entry within 7 days makes the exit a break").isTrue();
        assertThat(person2.get("monthlyClaim").decimalValue()).isEqualByComparingTo("380.00");
        assertThat(person2.get("caseworker").asText()).isEqualTo("caseworker1");
        JsonNode early = api.get("auditor", "/api/audit/pilots/" + pilot + "/replay?knownAt=" + moment2
                + "&validAt=2011-06-20").json();
        assertThat(person(early, p2).get("entitled").asBoolean()).as("the re-entry was not yet known").isFalse();
        assertThat(person(early, p1).get("contacts").asInt()).isEqualTo(1);
    }

    @Test
    void givenAReadModelRowChangedBehindTheRegistrysBack_whenCompared_thenTheDifferenceIsNamed() {
        String pilot = definePilot(3);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(Populations.uniquePrefix(), 12, 23)).status()).isEqualTo(200);
        api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        String person = api.get("auditor", "/api/audit/pilots/" + pilot + "/draw/inputs").json().get("comparison")
                .get(0).asText();
        Api.Response fact = fact(person, "\"type\":\"BENEFIT_CHANGE\",\"effective_date\":\"2011-04-01\","
                + "\"monthly_claim\":\"500.00\"");
        String eventId = fact.json().get("eventId").asText();
        String point = "?validAt=2011-05-01&minPosition=" + position(fact);
        assertThat(api.get("auditor", "/api/audit/pilots/" + pilot + "/compare" + point).json()
                .get("matches").asBoolean()).isTrue();

        jdbc.update("update q_fact set monthly_claim = 555.00 where event_id = ?", eventId);
        try {
            JsonNode compared = api.get("auditor", "/api/audit/pilots/" + pilot + "/compare" + point).json();

            assertThat(compared.get("matches").asBoolean()).isFalse();
            assertThat(compared.get("differenceCount").asInt()).isEqualTo(1);
            JsonNode difference = compared.get("differences").get(0);
            assertThat(difference.get("person").asText()).isEqualTo(person);
            assertThat(difference.get("field").asText()).isEqualTo("monthlyClaim");
            assertThat(difference.get("replayed").decimalValue()).isEqualByComparingTo("500.00");
            assertThat(difference.get("live").decimalValue()).isEqualByComparingTo("555.00");
        } finally {
            jdbc.update("update q_fact set monthly_claim = 500.00 where event_id = ?", eventId);
        }
    }

    @Test
    void givenOtherRolesOrUnknownPilots_whenAskingForAReplay_thenRefused() {
        String pilot = definePilot(3);
        for (String user : new String[]{"admin", "evaluator"}) {
            assertThat(api.get(user, "/api/audit/pilots/" + pilot + "/replay").status()).isEqualTo(403);
            assertThat(api.get(user, "/api/audit/pilots/" + pilot + "/compare").status()).isEqualTo(403);
        }
        assertThat(api.get("auditor", "/api/audit/pilots/no-such-pilot/replay").status()).isEqualTo(404);
        Api.Response bad = api.get("auditor", "/api/audit/pilots/" + pilot + "/compare?validAt=someday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("validAt");
    }

    private Api.Response fact(String person, String fields) {
        Api.Response answer = api.postJson("steward", "/api/persons/" + person + "/facts", "{" + fields + "}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer;
    }

    private static long position(Api.Response write) {
        return Long.parseLong(write.raw().headers().firstValue("Registry-Position").orElseThrow());
    }

    private String recordTime(long position) {
        return jdbc.queryForObject("select timestamp from domainevententry where globalindex = ?", String.class,
                position);
    }

    private static JsonNode person(JsonNode replayed, String person) {
        for (JsonNode state : replayed.get("persons")) {
            if (state.get("person").asText().equals(person)) {
                return state;
            }
        }
        throw new AssertionError(person + " not replayed");
    }
}

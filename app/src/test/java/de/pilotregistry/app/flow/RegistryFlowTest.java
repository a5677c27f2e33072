package de.pilotregistry.app.flow;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The write side as staff use it, over HTTP: define, import, draw, assign, record, correct. */
class RegistryFlowTest extends RegistryTest {

    @Test
    void givenAPilot_whenStaffRunTheWholeFlow_thenEveryStepIsAnEventAndRulesHold() throws Exception {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(10);
        String population = Populations.csv(prefix, 60, 7);

        Api.Response imported = api.postCsv("steward", "/api/pilots/" + pilot + "/population", population);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("accepted").asInt()).isEqualTo(60);
        assertThat(eventsOf(pilot)).isEqualTo(61);

        Api.Response again = api.postCsv("steward", "/api/pilots/" + pilot + "/population", population);
        assertThat(again.json().get("accepted").asInt()).isZero();
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(60);

        String changedFirstRow = population.replaceFirst("(" + prefix + "000000,[A-Z]+,\\d{4}-\\d{2},[A-Z]+,)\\d+",
                "$124");
        Api.Response dryRun = api.postCsv("steward", "/api/pilots/" + pilot + "/population?dryRun=true",
                changedFirstRow);
        assertThat(dryRun.json().get("accepted").asInt() + dryRun.json().get("unchanged").asInt()).isEqualTo(60);
        assertThat(eventsOf(pilot)).as("a dry run stores nothing").isEqualTo(61);

        Api.Response drawn = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        assertThat(drawn.status()).as(drawn.toString()).isEqualTo(201);
        assertThat(drawn.json().get("participants").asInt()).isEqualTo(10);
        assertThat(drawn.json().get("comparison").asInt()).isEqualTo(10);
        // The pilot view is a projection: eventually consistent with the write that answered 201.
        await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> api.get("admin", "/api/pilots/" + pilot).status() == 200);
        String commitment = api.get("admin", "/api/pilots/" + pilot).json().get("seedCommitment").asText();
        byte[] seed = HexFormat.of().parseHex(drawn.json().get("seed").asText());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed))).isEqualTo(commitment);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(409);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", population).status())
                .as("the population is frozen by the draw").isEqualTo(409);

        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"Anna Schulte\"}").status()).isEqualTo(201);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers",
                "{\"caseworker\":\"caseworker2\",\"name\":\"Jan Terhorst\"}").status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("admin", "/api/pilots/" + pilot + "/participants").json().size() == 10);
        JsonNode participants = api.get("admin", "/api/pilots/" + pilot + "/participants").json();
        assertThat(participants.get(0).get("caseworker").isNull()).isTrue();
        String participant = participants.get(0).get("person").asText();
        List<String> comparison = jdbc.queryForList(
                "select person from q_member where pilot_id = ? and grp = 'COMPARISON' order by person", String.class,
                pilot);
        assertThat(comparison).hasSize(10);
        String comparisonPerson = comparison.get(0);

        Api.Response assigned = api.postJson("admin", "/api/pilots/" + pilot + "/assignments",
                "{\"person\":\"" + participant + "\",\"caseworker\":\"caseworker1\",\"effectiveDate\":\"2011-03-01\"}");
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        Api.Response blinded = api.postJson("admin", "/api/pilots/" + pilot + "/assignments",
                "{\"person\":\"" + comparisonPerson + "\",\"caseworker\":\"caseworker1\",\"effectiveDate\":\"2011-03-01\"}");
        Api.Response unknown = api.postJson("admin", "/api/pilots/" + pilot + "/assignments",
                "{\"person\":\"" + prefix + "nobody\",\"caseworker\":\"caseworker1\",\"effectiveDate\":\"2011-03-01\"}");
        assertThat(blinded.status()).isEqualTo(404).isEqualTo(unknown.status());
        assertThat(blinded.json().get("detail").asText().replace(comparisonPerson, "X"))
                .as("a comparison person is answered exactly like an unknown one")
                .isEqualTo(unknown.json().get("detail").asText().replace(prefix + "nobody", "X"));

        Api.Response contact = api.postJson("caseworker1", "/api/persons/" + participant + "/facts",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-03-07\",\"channel\":\"IN_PERSON\",\"outcome\":\"ATTENDED\"}");
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        String contactId = contact.json().get("eventId").asText();
        assertThat(contact.json().get("position").asLong()).isPositive();
        assertThat(api.postJson("caseworker2", "/api/persons/" + participant + "/facts",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-03-08\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}")
                .status()).as("not caseworker2's participant").isEqualTo(404);
        assertThat(api.postJson("caseworker1", "/api/persons/" + comparisonPerson + "/facts",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-03-08\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}")
                .status()).as("comparison persons are hidden from pilot staff").isEqualTo(404);

        String job = "{\"type\":\"JOB_START\",\"effective_date\":\"2011-06-01\",\"source_id\":\"BA-%s-1\","
                + "\"employment_type\":\"PART_TIME\",\"weekly_hours\":\"20\",\"monthly_wage\":\"%s\"}";
        Api.Response jobStart = api.postJson("steward", "/api/persons/" + comparisonPerson + "/facts",
                job.formatted(prefix, "900.00"));
        assertThat(jobStart.status()).as(jobStart.toString()).isEqualTo(201);
        Api.Response repeated = api.postJson("steward", "/api/persons/" + comparisonPerson + "/facts",
                job.formatted(prefix, "900"));
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(repeated.json().get("eventId").asText()).isEqualTo(jobStart.json().get("eventId").asText());
        assertThat(repeated.json().get("position").asLong()).as("a repeat names the position of the event it repeats")
                .isEqualTo(jobStart.json().get("position").asLong());
        Api.Response redelivered = api.postJson("steward", "/api/persons/" + comparisonPerson + "/facts",
                job.formatted(prefix, "950.00"));
        assertThat(redelivered.json().get("outcome").asText()).isEqualTo("CORRECTED");
        assertThat(correctsOf(redelivered.json().get("eventId").asText()))
                .isEqualTo(jobStart.json().get("eventId").asText());

        Api.Response restated = api.postJson("caseworker1", "/api/persons/" + participant + "/facts",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-03-07\",\"channel\":\"IN_PERSON\",\"outcome\":\"MISSED\","
                        + "\"corrects\":\"" + contactId + "\"}");
        assertThat(restated.status()).as(restated.toString()).isEqualTo(201);
        assertThat(correctsOf(restated.json().get("eventId").asText())).isEqualTo(contactId);
        Api.Response twice = api.postJson("caseworker1", "/api/persons/" + participant + "/facts",
                "{\"type\":\"RETRACTION\",\"corrects\":\"" + contactId + "\"}");
        assertThat(twice.status()).as("a corrected fact cannot be withdrawn again").isEqualTo(422);

        String facts = String.join("\n",
                "person,type,effective_date,source_id,employment_type,weekly_hours,monthly_wage,monthly_claim,channel,outcome,reason,corrects",
                comparisonPerson + ",BENEFIT_CHANGE,2011-07-01,BA-" + prefix + "2,,,,410.00,,,EARNED_INCOME,",
                participant + ",EXIT,2011-09-30,BA-" + prefix + "3,,,,,,,EMPLOYMENT,",
                comparisonPerson + ",RETRACTION,,BA-" + prefix + "4,,,,,,,,BA-" + prefix + "2",
                "");
        Api.Response bulk = api.postCsv("steward", "/api/facts", facts);
        assertThat(bulk.status()).as(bulk.toString()).isEqualTo(200);
        assertThat(bulk.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(bulk.json().get("corrected").asInt()).isEqualTo(1);
        Api.Response bulkAgain = api.postCsv("steward", "/api/facts", facts);
        assertThat(bulkAgain.json().get("unchanged").asInt()).as(bulkAgain.toString()).isEqualTo(3);

        assertThat(eventsOf(participant)).isEqualTo(3);      // contact, restatement, exit
        assertThat(eventsOf(comparisonPerson)).isEqualTo(4); // job start, its correction, benefit change, retraction
        assertThat(recordedBy(contactId)).isEqualTo("caseworker1");
        // single facts and file rows alike continue the person's CaseFile stream
        assertThat(caseStream(participant)).containsExactly("CaseFile 0", "CaseFile 1", "CaseFile 2");
        assertThat(caseStream(comparisonPerson)).containsExactly("CaseFile 0", "CaseFile 1", "CaseFile 2",
                "CaseFile 3");
    }

    @Test
    void givenABadPopulationFile_whenImported_thenEveryRowErrorIsListedAndNothingIsStored() {
        String pilot = definePilot(5);
        long before = eventCount();
        String csv = Populations.HEADER + "\n"
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1\n"
                + "P-2,WOMAN,1971-13,ACTIVATION,25,maybe,-3,H-2\n"
                + "P-1,MALE,1960-01,NOBODY,22,true,1.234,\n";
        Api.Response rejected = api.postCsv("steward", "/api/pilots/" + pilot + "/population", csv);

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.contentType()).startsWith("application/problem+json");
        JsonNode errors = rejected.json().get("errors");
        assertThat(errors).extracting(e -> e.get("line").asInt() + ":" + e.get("column").asText()).contains(
                "3:sex", "3:birth_month", "3:months_in_receipt_24", "3:marginal_employment", "3:monthly_claim",
                "4:person", "4:applicant_type", "4:monthly_claim", "4:household");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(eventsOf(pilot)).isEqualTo(1);
    }

    @Test
    void givenARunningRegistry_whenAskingActuator_thenAnonymousGetsTheStatusOnlyAndAdminTheComponentsAndMetrics() {
        definePilot(1); // at least one event through the store and the processors
        Api.Response anonymous = api.get(null, "/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().properties()).extracting(java.util.Map.Entry::getKey)
                .as("anonymous callers learn UP or DOWN (and the names of the probe groups), nothing else")
                .containsOnly("status", "groups");
        assertThat(api.get(null, "/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get("evaluator", "/actuator/prometheus").status()).isEqualTo(403);
        Api.Response health = api.get("admin", "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").get("eventProcessors").get("status").asText()).isEqualTo("UP");

        await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = api.get("admin", "/actuator/prometheus").body();
            assertThat(metrics).contains("axon_eventbus_messages_ingested_total{")
                    .contains("axon_eventprocessor_messages_succeeded_total{")
                    .contains("processorName=\"pilots\"")
                    .contains("pilots_latency")
                    .contains("commandBus_")
                    .contains("http_server_requests_seconds_count{");
        });
    }

    @Test
    void givenNoCredentials_whenCallingTheApi_thenUnauthorizedProblem() {
        Api.Response anonymous = api.get(null, "/api/pilots");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(api.postJson(null, "/api/pilots", "{}").status()).isEqualTo(401);
    }

    @Test
    void givenTheWrongRole_whenDefiningAPilot_thenForbiddenAndNothingStored() {
        long before = eventCount();
        Api.Response forbidden = api.postJson("evaluator", "/api/pilots", "{\"name\":\"x\"}");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void givenInvalidFields_whenDefiningAPilot_thenEachFieldIsNamed() {
        Api.Response invalid = api.postJson("admin", "/api/pilots",
                "{\"name\":\"\",\"start\":\"2011-02-30\",\"end\":\"2010-01-01\",\"participantPlaces\":0,"
                        + "\"strata\":[\"SEX\",\"HAIR\"]}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("errors")).extracting(e -> e.get("field").asText())
                .contains("name", "jobcenter", "site", "start", "participantPlaces", "strata[1]");
    }

    @Test
    void givenAnIdempotencyKey_whenARequestIsRepeated_thenTheFirstAnswerComesBackAndNothingNewIsStored() {
        String body = "{\"name\":\"Isselburg\",\"jobcenter\":\"Kreis Borken\",\"site\":\"Isselburg\","
                + "\"start\":\"2011-03-01\",\"end\":\"2012-02-29\",\"participantPlaces\":5}";
        String key = Populations.uniquePrefix();
        Api.Response first = api.send("admin", "POST", "/api/pilots", "application/json", body, null, key);
        long after = eventCount();
        Api.Response second = api.send("admin", "POST", "/api/pilots", "application/json", body, null, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("pilotId").asText()).isEqualTo(first.json().get("pilotId").asText());
        assertThat(second.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(eventCount()).isEqualTo(after);
        assertThat(api.send("admin", "POST", "/api/pilots", "application/json", body.replace("5}", "6}"), null, key)
                .status()).as("same key, other request").isEqualTo(422);
    }

    private String correctsOf(String eventId) {
        return jdbc.queryForObject("select convert_from(payload, 'UTF8')::json ->> 'corrects' from domainevententry "
                + "where eventidentifier = ?", String.class, eventId);
    }

    private List<String> caseStream(String person) {
        return jdbc.queryForList("select type || ' ' || sequencenumber from domainevententry "
                + "where aggregateidentifier = ? order by globalindex", String.class, person);
    }

    private String recordedBy(String eventId) {
        return jdbc.queryForObject("select convert_from(metadata, 'UTF8')::json ->> 'recordedBy' from domainevententry "
                + "where eventidentifier = ?", String.class, eventId);
    }
}

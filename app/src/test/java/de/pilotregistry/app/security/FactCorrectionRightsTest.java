package de.pilotregistry.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may correct what: a caseworker records and corrects contacts and the facts caseworkers recorded for their own
 * participants; what data stewards or source systems delivered only a DATA_STEWARD corrects or retracts. A refusal is
 * 403 problem+json naming the field, and stores nothing.
 */
class FactCorrectionRightsTest extends RegistryTest {

    private String participant() {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(5);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 40, 11))
                .status()).isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(201);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"Anna Schulte\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("admin", "/api/pilots/" + pilot + "/participants").json().size() == 5);
        String person = api.get("admin", "/api/pilots/" + pilot + "/participants").json().get(0).get("person").asText();
        Api.Response assigned = api.postJson("admin", "/api/pilots/" + pilot + "/assignments",
                "{\"person\":\"" + person + "\",\"caseworker\":\"caseworker1\",\"effectiveDate\":\"2011-03-01\"}");
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        return person;
    }

    private Api.Response fact(String user, String person, String json) {
        return api.postJson(user, "/api/persons/" + person + "/facts", json);
    }

    private static void assertForbidden(Api.Response answer, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode error = answer.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("message").asText()).contains("only a DATA_STEWARD");
    }

    @Test
    void aCaseworkerCannotCorrectOrRetractWhatADataStewardOrASourceSystemDelivered() {
        String person = participant();
        Api.Response job = fact("steward", person, """
                {"type":"JOB_START","effective_date":"2011-06-01","source_id":"BA-JOB-1","employment_type":"FULL_TIME"}""");
        assertThat(job.status()).as(job.toString()).isEqualTo(201);
        String jobId = job.json().get("eventId").asText();
        assertThat(api.postCsv("steward", "/api/facts", """
                person,type,effective_date,source_id,monthly_claim,reason
                %s,BENEFIT_CHANGE,2011-07-01,BA-CLAIM-1,410.00,EARNED_INCOME
                """.formatted(person)).status()).isEqualTo(200);
        long before = eventsOf(person);

        assertForbidden(fact("caseworker1", person, """
                {"type":"JOB_START","effective_date":"2011-06-01","employment_type":"PART_TIME","corrects":"%s"}"""
                .formatted(jobId)), "corrects");
        assertForbidden(fact("caseworker1", person, """
                {"type":"RETRACTION","corrects":"BA-CLAIM-1","reason":"wrong"}"""), "corrects");
        assertForbidden(fact("caseworker1", person, """
                {"type":"JOB_START","effective_date":"2011-06-01","source_id":"BA-JOB-1","employment_type":"MARGINAL"}"""),
                "source_id");
        assertThat(eventsOf(person)).as("nothing stored").isEqualTo(before);

        // the data steward may
        assertThat(fact("steward", person, """
                {"type":"RETRACTION","corrects":"BA-CLAIM-1","reason":"wrong person"}""").status()).isEqualTo(201);
        assertThat(fact("steward", person, """
                {"type":"JOB_START","effective_date":"2011-06-01","employment_type":"PART_TIME","corrects":"%s"}"""
                .formatted(jobId)).status()).isEqualTo(201);
    }

    @Test
    void aCaseworkerCorrectsWhatCaseworkersRecordedAndADataStewardMayToo() throws Exception {
        String person = participant();
        Api.Response contact = fact("caseworker1", person, """
                {"type":"CONTACT","effective_date":"2011-03-07","channel":"IN_PERSON","outcome":"ATTENDED"}""");
        assertThat(contact.status()).isEqualTo(201);
        Api.Response corrected = fact("caseworker1", person, """
                {"type":"CONTACT","effective_date":"2011-03-07","channel":"IN_PERSON","outcome":"MISSED","corrects":"%s"}"""
                .formatted(contact.json().get("eventId").asText()));
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(201);
        assertThat(corrected.json().get("outcome").asText()).isEqualTo("CORRECTED");
        Api.Response retracted = fact("caseworker1", person, """
                {"type":"RETRACTION","corrects":"%s"}""".formatted(corrected.json().get("eventId").asText()));
        assertThat(retracted.status()).as(retracted.toString()).isEqualTo(201);

        Api.Response second = fact("caseworker1", person, """
                {"type":"CONTACT","effective_date":"2011-03-14","channel":"PHONE","outcome":"ATTENDED"}""");
        Api.Response bySteward = fact("steward", person, """
                {"type":"CONTACT","effective_date":"2011-03-14","channel":"PHONE","outcome":"CANCELLED","corrects":"%s"}"""
                .formatted(second.json().get("eventId").asText()));
        assertThat(bySteward.status()).as(bySteward.toString()).isEqualTo(201);

        // the lookup knows who recorded each fact; the migration's backfill finds it again from the events' metadata
        assertThat(jdbc.queryForList("select recorded_as from cmd_case_fact where person = ? order by seq",
                String.class, person)).containsExactly("CASEWORKER", "CASEWORKER", "CASEWORKER", "CASEWORKER",
                "DATA_STEWARD");
        jdbc.update("update cmd_case_fact set recorded_as = null where person = ?", person);
        String migration = Files.readString(Path.of("..", "command", "src", "main", "resources", "db", "migration",
                "V93__command_case_fact_recorded_as.sql"));
        jdbc.execute(migration.substring(migration.indexOf("update cmd_case_fact")));
        assertThat(jdbc.queryForList("select recorded_as from cmd_case_fact where person = ? order by seq",
                String.class, person)).containsExactly("CASEWORKER", "CASEWORKER", "CASEWORKER", "CASEWORKER",
                "DATA_STEWARD");
    }
}

package de.pilotregistry.app.flow;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import de.pilotregistry.platform.PersonalData;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No poison events: each of these inputs was once accepted, stored as an event, and then stopped a read-side
 * projection for good (its columns could not hold the value), or took minutes of CPU to parse. Now every one is
 * answered 422 with the field named, nothing is stored, and the read side keeps following valid writes.
 */
class PoisonInputTest extends RegistryTest {

    @Autowired
    PersonalData personalData;

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";
    private static final String VALID_PILOT = """
            {"name":"%s","jobcenter":"Kreis Borken","site":"Bocholt","start":"%s","end":"2012-02-29",
             "caseloadRatio":%s,"participantPlaces":%s}""";
    /** Far more than a refusal needs; parsing 1E+100000000 the old way took 166 s. */
    private static final Duration QUICK = Duration.ofSeconds(10);

    @Test
    void givenHostileInputOnEveryWritePath_whenSent_thenEachIs422WithTheFieldNamedAndNoEventIsStored() {
        String prefix = Populations.uniquePrefix();
        String drawn = definePilot(4);
        assertThat(api.postCsv("steward", "/api/pilots/" + drawn + "/population", Populations.csv(prefix, 30, 11))
                .status()).isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + drawn + "/draw", "").status()).isEqualTo(201);
        assertThat(api.postJson("admin", "/api/pilots/" + drawn + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"Anna Schulte\"}").status()).isEqualTo(201);
        String participant = jdbc.queryForObject("select min(person) from cmd_person_directory "
                + "where pilot_id = ? and grp = 'PARTICIPANT'", String.class, drawn);
        assertThat(api.postJson("admin", "/api/pilots/" + drawn + "/assignments",
                "{\"person\":\"" + participant + "\",\"caseworker\":\"caseworker1\",\"effectiveDate\":\"2011-03-01\"}")
                .status()).isEqualTo(201);
        String undrawn = definePilot(4);
        String facts = "/api/persons/" + participant + "/facts";
        String population = "/api/pilots/" + undrawn + "/population";
        List<String> refused = new ArrayList<>();

        // a caseworker's single fact (JSON): the wage column is numeric(12,2)
        refused.add(json("caseworker1", facts, job("\"1E+11\""), "monthly_wage"));
        refused.add(json("caseworker1", facts, job("1E+11"), "monthly_wage"));
        refused.add(json("caseworker1", facts, job("100000000000.00"), "monthly_wage"));
        refused.add(json("caseworker1", facts, job("\"1E+100000000\""), "monthly_wage"));
        refused.add(json("steward", facts, """
                {"type":"BENEFIT_CHANGE","effective_date":"2011-07-01","monthly_claim":"1E+100000000"}""",
                "monthly_claim"));
        refused.add(json("caseworker1", facts, """
                {"type":"CONTACT","effective_date":"+5874898-01-01","channel":"PHONE","outcome":"ATTENDED"}""",
                "effective_date"));
        refused.add(json("caseworker1", facts, """
                {"type":"CONTACT","effective_date":"2011-03-07","channel":"PHONE","outcome":"ATTENDED",
                 "source_id":"KM\\u00001"}""", "source_id"));
        // a retraction's free-text reason: PostgreSQL text cannot hold NUL
        refused.add(json("caseworker1", facts, """
                {"type":"RETRACTION","corrects":"KM-1","reason":"booked on the\\u0000wrong person"}""", "reason"));
        refused.add(json("caseworker1", facts, """
                {"type":"RETRACTION","corrects":"KM-1","reason":"%s"}""".formatted("r".repeat(501)), "reason"));
        refused.add(json("caseworker1", facts, """
                {"type":"RETRACTION","corrects":"%s"}""".formatted("c".repeat(129)), "corrects"));

        // a steward's population file: claim numeric(12,2), household varchar(128)
        String row = "%s,FEMALE,%s,ACTIVATION,24,false,%s,%s";
        refused.add(csv(population, row.formatted(prefix + "p1", "1971-03", "1E+20", "H-1"), "monthly_claim"));
        refused.add(csv(population, row.formatted(prefix + "p1", "1971-03", "812.50", "H".repeat(129)), "household"));
        refused.add(csv(population, row.formatted(prefix + "p1", "1971-03", "1E+100000000", "H-1"), "monthly_claim"));
        refused.add(csv(population, row.formatted(prefix + "p\u00001", "1971-03", "812.50", "H-1"), "person"));
        refused.add(csv(population, row.formatted(prefix + "p1", "+5874898-01", "812.50", "H-1"), "birth_month"));

        // a steward's fact file
        refused.add(csv("/api/facts", FACT_HEADER, participant + ",JOB_START,2011-06-01,BA-" + prefix
                + "1,FULL_TIME,,1E+11,,,,,", "monthly_wage"));
        refused.add(csv("/api/facts", FACT_HEADER, participant + ",RETRACTION,,BA-" + prefix
                + "2,,,,,,,\"wrong\u0000person\",BA-1", "reason"));

        // a pilot: name text (no NUL), dates within PostgreSQL's and the domain's range, whole-number places
        refused.add(json("admin", "/api/pilots", VALID_PILOT.formatted("Bocholt\\u00002011", "2011-03-01", 50, 10),
                "name"));
        refused.add(json("admin", "/api/pilots", VALID_PILOT.formatted("Bocholt", "5874898-03-01", 50, 10),
                "start"));
        refused.add(json("admin", "/api/pilots", VALID_PILOT.formatted("Bocholt", "+5874898-03-01", 50, 10),
                "start"));
        refused.add(json("admin", "/api/pilots", VALID_PILOT.formatted("Bocholt", "2011-03-01", 50, 2.5),
                "participantPlaces"));
        refused.add(json("admin", "/api/pilots", VALID_PILOT.formatted("Bocholt", "2011-03-01", 50, "\"abc\""),
                "participantPlaces"));
        refused.add(json("admin", "/api/pilots", VALID_PILOT.formatted("Bocholt", "2011-03-01", 50, 1e12),
                "participantPlaces"));
        refused.add(json("admin", "/api/pilots", VALID_PILOT.formatted("Bocholt", "2011-03-01", "\"x\"", 10),
                "caseloadRatio"));

        // caseworkers and assignments
        refused.add(json("admin", "/api/pilots/" + drawn + "/caseworkers",
                "{\"caseworker\":\"" + "c".repeat(129) + "\",\"name\":\"Jan Terhorst\"}", "caseworker"));
        refused.add(json("admin", "/api/pilots/" + drawn + "/caseworkers",
                "{\"caseworker\":\"caseworker2\",\"name\":\"Jan\\u0000Terhorst\"}", "name"));
        refused.add(json("admin", "/api/pilots/" + drawn + "/assignments",
                "{\"person\":\"" + participant + "\\u0000\",\"caseworker\":\"caseworker1\"}", "person"));

        assertThat(refused).hasSize(27);

        // the read side was never stopped: a valid fact and a valid pilot event still reach it
        Api.Response valid = api.postJson("caseworker1", facts, job("\"900.00\""));
        assertThat(valid.status()).as(valid.toString()).isEqualTo(201);
        String eventId = valid.json().get("eventId").asText();
        assertThat(api.postJson("admin", "/api/pilots/" + drawn + "/caseworkers",
                "{\"caseworker\":\"caseworker2\",\"name\":\"Jan Terhorst\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> wages = jdbc.queryForList("select monthly_wage from q_fact where event_id = ?", String.class,
                    eventId);
            assertThat(wages).hasSize(1);
            assertThat(personalData.open(PersonalData.person(participant), "monthlyWage", wages.get(0)).value())
                    .isEqualTo("900.00"); // sealed, as the event holds it
            assertThat(jdbc.queryForObject("select count(*) from q_caseworker where pilot_id = ? "
                    + "and caseworker = 'caseworker2'", Long.class, drawn)).isEqualTo(1);
        });
        assertThat(api.get(null, "/actuator/health").json().get("status").asText()).isEqualTo("UP");
    }

    private static String job(String wage) {
        return "{\"type\":\"JOB_START\",\"effective_date\":\"2011-06-01\",\"employment_type\":\"FULL_TIME\","
                + "\"monthly_wage\":" + wage + "}";
    }

    /** Sends a JSON write that must be refused: 422 problem JSON naming {@code field}, and no new event. */
    private String json(String user, String path, String body, String field) {
        long before = eventCount();
        long started = System.nanoTime();
        Api.Response response = api.postJson(user, path, body);
        assertRefused(response, started, body);
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.toString()).anySatisfy(error -> {
            assertThat(error.get("field").asText()).isEqualTo(field);
            assertThat(error.get("message").asText()).isNotBlank();
        });
        assertThat(eventCount()).as("nothing stored for " + body).isEqualTo(before);
        return field;
    }

    private String csv(String path, String row, String column) {
        return csv(path, Populations.HEADER, row, column);
    }

    /** Sends a file with one data row that must be refused: 422 naming line 2 and {@code column}, no new event. */
    private String csv(String path, String header, String row, String column) {
        long before = eventCount();
        long started = System.nanoTime();
        Api.Response response = api.postCsv("steward", path, header + "\n" + row + "\n");
        assertRefused(response, started, row);
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.toString()).anySatisfy(error -> {
            assertThat(error.get("line").asInt()).isEqualTo(2);
            assertThat(error.get("column").asText()).isEqualTo(column);
        });
        assertThat(eventCount()).as("nothing stored for " + row).isEqualTo(before);
        return column;
    }

    private static void assertRefused(Api.Response response, long started, String sent) {
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered quickly: " + sent)
                .isLessThan(QUICK);
        assertThat(response.status()).as(sent + " -> " + response).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}

package de.pilotregistry.app.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rules of docs/outcome-definitions.md that must not depend on the order in which facts were recorded, each
 * pinned on its own person: p0..p9 of a pilot of 2011 (everyone drawn), q0, q1 of a pilot running today.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordOrderRulesTest extends RegistryTest {

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));

    private String pilot;
    private String running;
    private String prefix;
    private List<String> q;

    @BeforeAll
    void recordTheFacts() {
        api = new Api(port);
        prefix = Populations.uniquePrefix();
        pilot = pilot("2011-03-01", "2012-02-29", prefix);
        String p0 = prefix + "00";
        String p1 = prefix + "01";
        String p2 = prefix + "02";
        String p3 = prefix + "03";
        String p4 = prefix + "04";
        String p5 = prefix + "05";
        String p6 = prefix + "06";
        deliver(List.of(
                // a second exit does not restart the 7-day clock: off benefits 9 days
                p0 + ",EXIT,2011-06-01,,,,,,,,OTHER,",
                p0 + ",EXIT,2011-06-05,,,,,,,,OTHER,",
                p0 + ",REENTRY,2011-06-10,,,,,,,,,",
                // back within 7 days: a break
                p1 + ",EXIT,2011-06-01,,,,,,,,OTHER,",
                p1 + ",REENTRY,2011-06-08,,,,,,,,,",
                // exit and re-entry on one day, in this order ...
                p2 + ",EXIT,2011-07-01,,,,,,,,OTHER,",
                p2 + ",REENTRY,2011-07-01,,,,,,,,,",
                // ... and the other way round (the exit comes in the next delivery)
                p3 + ",REENTRY,2011-07-01,,,,,,,,,",
                // two claims on one day, in both orders
                p4 + ",BENEFIT_CHANGE,2011-08-01," + prefix + "claim-a,,,,400.00,,,EARNED_INCOME,",
                p4 + ",BENEFIT_CHANGE,2011-08-01," + prefix + "claim-b,,,,450.00,,,HOUSING_COST_CHANGE,",
                p5 + ",BENEFIT_CHANGE,2011-08-01,,,,,450.00,,,HOUSING_COST_CHANGE,",
                p5 + ",BENEFIT_CHANGE,2011-08-01,,,,,400.00,,,EARNED_INCOME,",
                // contacts before the pilot start do not count, the start day does
                p6 + ",CONTACT,2011-02-20,,,,,,IN_PERSON,ATTENDED,,",
                p6 + ",CONTACT,2011-03-01,,,,,,IN_PERSON,ATTENDED,,"));
        deliver(List.of(p3 + ",EXIT,2011-07-01,,,,,,,,OTHER,"));

        running = pilot(TODAY.minusDays(90).toString(), TODAY.plusDays(300).toString(), Populations.uniquePrefix());
        q = jdbc.queryForList("select person from q_member where pilot_id = ? order by person", String.class, running);
        deliver(List.of(q.get(0) + ",EXIT," + TODAY.minusDays(30) + ",,,,,,,,OTHER,",
                q.get(1) + ",EXIT," + TODAY.minusDays(2) + ",,,,,,,,OTHER,"));
    }

    @Test
    void givenASecondExitBeforeAnyReentry_whenAskingEntitlement_thenTheClockRunsFromTheFirstExit() {
        assertThat(entitled(prefix + "00", "2011-06-07")).as("off 9 days: an exit").isFalse();
        assertThat(entitled(prefix + "00", "2011-06-03")).isFalse();
        assertThat(entitled(prefix + "00", "2011-06-10")).as("re-entered").isTrue();
        assertThat(entitled(prefix + "01", "2011-06-05")).as("back after 7 days: a break").isTrue();
    }

    @Test
    void givenExitAndReentryOnOneDay_whenAskingEntitlement_thenTheOrderOfRecordingDoesNotMatter() {
        for (String date : List.of("2011-07-01", "2011-07-20")) {
            assertThat(entitled(prefix + "02", date)).as("exit recorded first, " + date).isTrue();
            assertThat(entitled(prefix + "03", date)).as("re-entry recorded first, " + date).isTrue();
        }
    }

    @Test
    void givenTwoClaimsOnOneDay_whenOneIsCorrected_thenTheHighestStillCounts() {
        assertThat(claim(prefix + "04", "2011-08-15")).isEqualByComparingTo("450.00");
        assertThat(claim(prefix + "05", "2011-08-15")).as("recorded the other way round")
                .isEqualByComparingTo("450.00");

        deliver(List.of(prefix + "04,BENEFIT_CHANGE,2011-08-01," + prefix + "claim-a,,,,400.00,,,OTHER,"));
        assertThat(claim(prefix + "04", "2011-08-15")).as("after correcting the first").isEqualByComparingTo("450.00");
    }

    @Test
    void givenContactsBeforeAndOnTheStartDay_whenTakingTheCohort_thenOnlyThoseFromTheStartCount() {
        assertThat(person(prefix + "06", "2011-04-01").get("contacts").asInt()).isEqualTo(1);
        JsonNode density = outcomes(pilot, "to=2011-04-01").get("contactDensity");
        assertThat(density.get("participant").asDouble() + density.get("comparison").asDouble())
                .as("one contact counted").isPositive();
    }

    @Test
    void givenAnExitWithinSevenDaysBeforeTo_whenAskingOutcomes_thenFiguresAreProvisionalUntilTheBreakWindowPassed() {
        JsonNode recent = outcomes(running, "to=" + TODAY);
        assertThat(recent.get("provisional").asBoolean()).isTrue();
        assertThat(recent.get("finalAfter").asText()).isEqualTo(TODAY.plusDays(5).toString());
        JsonNode exit = outcome(recent, "EXIT");
        assertThat(exit.get("provisional").asBoolean()).isTrue();
        assertThat(exit.get("finalAfter").asText()).isEqualTo(TODAY.plusDays(5).toString());
        assertThat(outcome(recent, "INTEGRATION_FULL_TIME").get("provisional").asBoolean()).isFalse();

        JsonNode earlier = outcomes(running, "to=" + TODAY.minusDays(3));
        assertThat(earlier.get("provisional").asBoolean()).as("only the exit of 30 days ago counts").isFalse();
        assertThat(earlier.get("finalAfter").isNull()).isTrue();
        assertThat(outcome(earlier, "EXIT").get("provisional").asBoolean()).isFalse();
    }

    private String pilot(String start, String end, String prefix) {
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Rules","jobcenter":"Kreis Borken","site":"Borken","start":"%s","end":"%s",
                 "participantPlaces":10,"strata":["SEX"]}""".formatted(start, end));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        String id = defined.json().get("pilotId").asText();
        StringBuilder population = new StringBuilder(Populations.HEADER).append('\n');
        for (int i = 0; i < 20; i++) {
            population.append(prefix).append(String.format("%02d", i)).append(',')
                    .append(i % 2 == 0 ? "FEMALE" : "MALE").append(',').append(1960 + i).append("-05,MARKET,24,false,")
                    .append("500.00,H").append(prefix).append(i).append('\n');
        }
        assertThat(api.postCsv("steward", "/api/pilots/" + id + "/population", population.toString()).status())
                .isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + id + "/draw", "").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from q_member where pilot_id = ? and grp <> 'UNSELECTED'", Long.class, id) == 20);
        return id;
    }

    private void deliver(List<String> rows) {
        Api.Response delivered = api.postCsv("steward", "/api/facts",
                FACT_HEADER + "\n" + String.join("\n", rows) + "\n");
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        String position = delivered.raw().headers().firstValue("Registry-Position").orElseThrow();
        assertThat(api.get("evaluator", "/api/pilots/" + pilot + "?minPosition=" + position + "&wait=PT30S").status())
                .isEqualTo(200);
    }

    private JsonNode person(String person, String validAt) {
        // exact claims of a named person: ADMIN's cohort (evaluators get research ids and bands)
        Api.Response response = api.get("admin", "/api/pilots/" + pilot + "/cohort?size=100&validAt=" + validAt);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return StreamSupport.stream(response.json().get("persons").spliterator(), false)
                .filter(p -> p.get("person").asText().equals(person)).findFirst().orElseThrow();
    }

    private boolean entitled(String person, String validAt) {
        return person(person, validAt).get("entitled").asBoolean();
    }

    private BigDecimal claim(String person, String validAt) {
        return person(person, validAt).get("monthlyClaim").decimalValue();
    }

    /** As ADMIN, who sees exact counts (an evaluator's small counts are suppressed). */
    private JsonNode outcomes(String id, String query) {
        Api.Response response = api.get("admin", "/api/pilots/" + id + "/outcomes?" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode outcome(JsonNode outcomes, String name) {
        return StreamSupport.stream(outcomes.get("outcomes").spliterator(), false)
                .filter(o -> o.get("outcome").asText().equals(name)).findFirst().orElseThrow();
    }
}

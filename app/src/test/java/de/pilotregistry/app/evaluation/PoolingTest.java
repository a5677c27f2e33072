package de.pilotregistry.app.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Two pilots one after the other, A (2011-03-01 to 2012-02-29) and B (2012-03-01 to 2013-02-28), each with 10
 * women and 10 men, stratified by sex: 5 participants and 5 comparison persons per sex. A third pilot C (2013) has
 * the population of A again.
 * <ul>
 * <li>Full-time starts: A: women t 3 of 5, c 0; men t 1, c 1 (4/10 against 1/10). B: t 1/10 against c 3/10.</li>
 * <li>Exits (2011-12-01): A: women t 2, c 1; men t 1, c 0 (3/10 against 1/10). B: none.</li>
 * <li>Outside each pilot's own period, and so never counted: a full-time start of an A participant on 2012-06-01
 * (in B's period), an exit of an A comparison person on 2012-09-01, a full-time start of a B comparison person on
 * 2011-06-01 (in A's period). Read over one calendar window they would count.</li>
 * </ul>
 * Reference values of the stratified estimates: R 4.2.2 with epiR 2.0.57 ({@code epi.2by2}: {@code ARisk.mh.sato},
 * {@code RR.mh.wald}) and {@code mantelhaen.test(correct = FALSE)}, script
 * {@code docs/reference/stratified-estimates.R}
 * (cases pooled_*, stratum_*).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolingTest extends RegistryTest {

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";

    private String a;
    private String b;
    private String c;

    @BeforeAll
    void recordTheScenario() {
        api = new Api(port);
        String prefixA = Populations.uniquePrefix();
        String prefixB = Populations.uniquePrefix();
        a = pilot("2011-03-01", "2012-02-29", prefixA);
        b = pilot("2012-03-01", "2013-02-28", prefixB);
        c = pilot("2013-03-01", "2014-02-28", prefixA);
        List<String> facts = new ArrayList<>();
        List<String> tF = members(a, "PARTICIPANT", "FEMALE");
        List<String> tM = members(a, "PARTICIPANT", "MALE");
        List<String> cF = members(a, "COMPARISON", "FEMALE");
        List<String> cM = members(a, "COMPARISON", "MALE");
        for (String person : List.of(tF.get(0), tF.get(1), tF.get(2), tM.get(0), cM.get(0))) {
            facts.add(person + ",JOB_START,2011-09-01,,FULL_TIME,39,2100.00,,,,,");
        }
        for (String person : List.of(tF.get(3), tF.get(4), tM.get(1), cF.get(0))) {
            facts.add(person + ",EXIT,2011-12-01,,,,,,,,EMPLOYMENT,");
        }
        facts.add(tM.get(2) + ",JOB_START,2012-06-01,,FULL_TIME,39,2100.00,,,,,");
        facts.add(cF.get(1) + ",EXIT,2012-09-01,,,,,,,,OTHER,");
        List<String> tB = members(b, "PARTICIPANT", null);
        List<String> cB = members(b, "COMPARISON", null);
        for (String person : List.of(tB.get(0), cB.get(0), cB.get(1), cB.get(2))) {
            facts.add(person + ",JOB_START,2012-09-01,,FULL_TIME,39,2100.00,,,,,");
        }
        facts.add(cB.get(3) + ",JOB_START,2011-06-01,,FULL_TIME,39,2100.00,,,,,");
        Api.Response delivered = api.postCsv("steward", "/api/facts",
                FACT_HEADER + "\n" + String.join("\n", facts) + "\n");
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        String position = delivered.raw().headers().firstValue("Registry-Position").orElseThrow();
        assertThat(api.get("evaluator", "/api/pilots/" + a + "?minPosition=" + position + "&wait=PT30S").status())
                .isEqualTo(200);
    }

    @Test
    void givenTwoPilotsInSuccession_whenPooled_thenEachCountsOverItsOwnPeriod() {
        JsonNode pooled = get("/api/outcomes?pilot=" + a + "&pilot=" + b);

        assertThat(pooled.get("windows")).hasSize(2);
        assertThat(pooled.get("windows").get(0).get("from").asText()).isEqualTo("2011-03-01");
        assertThat(pooled.get("windows").get(0).get("to").asText()).isEqualTo("2012-02-29");
        assertThat(pooled.get("windows").get(1).get("from").asText()).isEqualTo("2012-03-01");
        assertThat(pooled.get("windows").get(1).get("to").asText()).isEqualTo("2013-02-28");
        JsonNode fullTime = outcome(pooled.get("outcomes"), "INTEGRATION_FULL_TIME");
        assertThat(fullTime.get("estimate").asText()).isEqualTo("CRUDE");
        assertCounts(fullTime, 5, 20, 4, 20);
        assertThat(fullTime.get("difference").asDouble()).isCloseTo(0.05, within(1e-12));
        assertCounts(outcome(pooled.get("outcomes"), "EXIT"), 3, 20, 1, 20);
        assertThat(pooled.get("sharedPersons").asLong()).isZero();
        assertThat(pooled.get("counting").asText()).contains("(pilot, person)");
    }

    @Test
    void givenTwoPilots_whenPooled_thenMantelHaenszelByPilotMatchesEpiR() {
        JsonNode stratified = get("/api/outcomes?pilot=" + a + "&pilot=" + b).get("stratified");

        assertThat(stratified.get("by").asText()).isEqualTo("PILOT");
        JsonNode fullTime = outcome(stratified.get("outcomes"), "INTEGRATION_FULL_TIME");
        assertThat(fullTime.get("strataUsed").asInt()).isEqualTo(2);
        assertEstimate(fullTime.get("riskDifference"), "MANTEL_HAENSZEL_SATO",
                0.05, -0.219272232583684, 0.319272232583684);
        assertEstimate(fullTime.get("riskRatio"), "MANTEL_HAENSZEL_GREENLAND_ROBINS",
                1.25, 0.373417048349796, 4.18432957709081);
        assertTest(fullTime.get("cochranMantelHaenszel"), 0.136690647482014, 0.711593376489787);
        JsonNode exit = outcome(stratified.get("outcomes"), "EXIT");
        assertEstimate(exit.get("riskDifference"), "MANTEL_HAENSZEL_SATO", 0.1, -0.0753045081153163, 0.275304508115316);
        assertEstimate(exit.get("riskRatio"), "MANTEL_HAENSZEL_GREENLAND_ROBINS", 3.0, 0.372347132537308,
                24.1709931769065);
        assertTest(exit.get("cochranMantelHaenszel"), 1.1875, 0.275834416519459);
    }

    @Test
    void givenOnePilot_whenAskingOutcomes_thenTheStratifiedSummaryIsByItsRandomizationStrata() {
        JsonNode outcomes = get("/api/pilots/" + a + "/outcomes");

        assertCounts(outcome(outcomes.get("outcomes"), "INTEGRATION_FULL_TIME"), 4, 10, 1, 10);
        assertCounts(outcome(outcomes.get("outcomes"), "EXIT"), 3, 10, 1, 10);
        JsonNode stratified = outcomes.get("stratified");
        assertThat(stratified.get("by").asText()).isEqualTo("STRATUM");
        JsonNode fullTime = outcome(stratified.get("outcomes"), "INTEGRATION_FULL_TIME");
        assertEstimate(fullTime.get("riskDifference"), "MANTEL_HAENSZEL_SATO", 0.3, -0.0770065998967161,
                0.677006599896716);
        assertEstimate(fullTime.get("riskRatio"), "MANTEL_HAENSZEL_GREENLAND_ROBINS", 4.0, 0.488931513075719,
                32.7244196213676);
        assertTest(fullTime.get("cochranMantelHaenszel"), 2.18918918918919, 0.138982460293187);
        JsonNode exit = outcome(stratified.get("outcomes"), "EXIT");
        assertEstimate(exit.get("riskDifference"), "MANTEL_HAENSZEL_SATO", 0.2, -0.127964703862223,
                0.527964703862223);
        assertEstimate(exit.get("riskRatio"), "MANTEL_HAENSZEL_GREENLAND_ROBINS", 3.0, 0.396281758113895,
                22.711113534056);
        assertTest(exit.get("cochranMantelHaenszel"), 1.2, 0.273321678292298);
    }

    @Test
    void givenTwoPilotsWithTheSameStrata_whenPooledByStratum_thenTheirStrataStayApart() {
        JsonNode strata = get("/api/outcomes?pilot=" + a + "&pilot=" + b + "&breakdown=stratum").get("strata");

        assertThat(strata).hasSize(4);
        assertThat(StreamSupport.stream(strata.spliterator(), false)
                .map(s -> s.get("pilot").asText() + "/" + s.get("stratum").asText()))
                .containsExactly(a + "/SEX=FEMALE", a + "/SEX=MALE", b + "/SEX=FEMALE", b + "/SEX=MALE");
        JsonNode womenOfA = strata.get(0);
        assertCounts(outcome(womenOfA.get("outcomes"), "INTEGRATION_FULL_TIME"), 3, 5, 0, 5);
        assertCounts(outcome(womenOfA.get("outcomes"), "EXIT"), 2, 5, 1, 5);
    }

    @Test
    void givenMonths_whenPooled_thenEachPilotIsReadFromItsOwnStart() {
        JsonNode pooled = get("/api/outcomes?pilot=" + a + "&pilot=" + b + "&months=6");

        assertThat(pooled.get("windows").get(0).get("to").asText()).isEqualTo("2011-09-01");
        assertThat(pooled.get("windows").get(1).get("to").asText()).isEqualTo("2012-09-01");
        assertCounts(outcome(pooled.get("outcomes"), "INTEGRATION_FULL_TIME"), 5, 20, 4, 20);
        assertCounts(outcome(pooled.get("outcomes"), "EXIT"), 0, 20, 0, 20);
        assertThat(get("/api/outcomes?pilot=" + a + "&pilot=" + b + "&months=5").get("outcomes").get(0)
                .get("participant").get("n").asInt()).isEqualTo(20);
    }

    @Test
    void givenPilotsSharingPersons_whenPooled_thenEveryMembershipCountsAndTheAnswerSaysSo() {
        JsonNode pooled = get("/api/outcomes?pilot=" + a + "&pilot=" + c);

        JsonNode exit = outcome(pooled.get("outcomes"), "EXIT");
        assertThat(exit.get("participant").get("n").asInt() + exit.get("comparison").get("n").asInt()).isEqualTo(40);
        assertThat(pooled.get("sharedPersons").asLong()).isEqualTo(20);
    }

    @Test
    void givenDatesOrBadMonths_whenPooling_thenProblemsNameTheField() {
        Api.Response dated = api.get("evaluator", "/api/outcomes?pilot=" + a + "&pilot=" + b + "&from=2011-03-01");
        assertThat(dated.status()).isEqualTo(400);
        assertThat(dated.json().get("errors").get(0).get("field").asText()).isEqualTo("from");
        Api.Response months = api.get("evaluator", "/api/outcomes?pilot=" + a + "&months=0");
        assertThat(months.status()).isEqualTo(400);
        assertThat(months.json().get("errors").get(0).get("field").asText()).isEqualTo("months");
        Api.Response both = api.get("evaluator", "/api/pilots/" + a + "/outcomes?months=3&to=2011-09-01");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").get(0).get("field").asText()).isEqualTo("months");
    }

    @Test
    void givenAPilot_whenAskingTheCouncilReport_thenFlowBalanceOutcomesAndSmallCountsSuppressed() {
        JsonNode report = get("evaluator", "/api/pilots/" + a + "/report");

        JsonNode flow = report.get("parts").get(0).get("flow");
        assertThat(flow.get("population").asInt()).isEqualTo(20);
        assertThat(flow.get("eligible").asInt()).isEqualTo(20);
        assertThat(flow.get("randomized").asInt()).isEqualTo(20);
        assertThat(flow.get("analysedParticipants").asInt()).isEqualTo(10);
        assertThat(flow.get("analysedComparison").asInt()).isEqualTo(10);
        assertThat(report.get("parts").get(0).get("balance")).isNotEmpty();
        JsonNode fullTime = outcome(report.get("outcomes"), "INTEGRATION_FULL_TIME");
        assertThat(fullTime.get("participant").get("persons").asInt()).isEqualTo(4);
        assertThat(fullTime.get("comparison").get("persons").isNull()).as("1 person").isTrue();
        assertThat(fullTime.get("comparison").get("share").isNull()).isTrue();
        assertThat(fullTime.get("comparison").get("n").asInt()).isEqualTo(10);
        assertThat(fullTime.get("comparison").get("suppressed")).extracting(JsonNode::asText)
                .containsExactly("persons", "share");
        assertThat(fullTime.get("difference").isNull()).as("10 − 1 would follow from it").isTrue();
        assertThat(fullTime.get("fisherP").isNull()).isTrue();
        assertThat(outcome(get("admin", "/api/pilots/" + a + "/report").get("outcomes"), "INTEGRATION_FULL_TIME")
                .get("comparison").get("persons").asInt()).as("exact for ADMIN").isEqualTo(1);
        assertThat(report.get("stratified").get("by").asText()).isEqualTo("STRATUM");
        assertThat(report.get("windows").get(0).get("to").asText()).isEqualTo("2012-02-29");
        assertThat(report.get("provisional").asBoolean()).isFalse();

        Api.Response page = api.send("evaluator", "GET", "/api/pilots/" + a + "/report", null, null, "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("Flow of persons", "Mantel-Haenszel", "– / 10").doesNotContain("<script");

        JsonNode pooled = get("evaluator", "/api/report?pilot=" + a + "&pilot=" + b);
        assertThat(pooled.get("parts")).hasSize(2);
        assertThat(pooled.get("stratified").get("by").asText()).isEqualTo("PILOT");
        assertThat(api.get("caseworker1", "/api/pilots/" + a + "/report").status()).isEqualTo(403);
        Api.Response unknown = api.send("evaluator", "GET", "/api/pilots/no-such-pilot/report", null, null,
                "text/html");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    private String pilot(String start, String end, String prefix) {
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Pooled","jobcenter":"Kreis Borken","site":"Rhede","start":"%s","end":"%s",
                 "participantPlaces":10,"strata":["SEX"]}""".formatted(start, end));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        String pilot = defined.json().get("pilotId").asText();
        StringBuilder population = new StringBuilder(Populations.HEADER).append('\n');
        for (int i = 0; i < 20; i++) {
            population.append(prefix).append(String.format("%02d", i)).append(',')
                    .append(i % 2 == 0 ? "FEMALE" : "MALE").append(',').append(1960 + i).append("-05,MARKET,24,false,")
                    .append(500 + 10 * i).append(".00,H").append(prefix).append(i).append('\n');
        }
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", population.toString()).status())
                .isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from q_member where pilot_id = ? and grp <> 'UNSELECTED'", Long.class, pilot) == 20);
        return pilot;
    }

    private List<String> members(String pilot, String group, String sex) {
        return jdbc.queryForList("select person from q_member where pilot_id = ? and grp = ? "
                + "and (?::text is null or sex = ?) order by person", String.class, pilot, group, sex, sex);
    }

    /** As ADMIN, who sees exact counts (an evaluator's small counts are suppressed: SmallCountsApiTest). */
    private JsonNode get(String path) {
        return get("admin", path);
    }

    private JsonNode get(String user, String path) {
        Api.Response response = api.get(user, path);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode outcome(JsonNode outcomes, String name) {
        return StreamSupport.stream(outcomes.spliterator(), false)
                .filter(o -> o.get("outcome").asText().equals(name)).findFirst().orElseThrow();
    }

    private static void assertCounts(JsonNode outcome, int xT, int nT, int xC, int nC) {
        assertThat(outcome.get("participant").get("persons").asInt()).as(outcome.toString()).isEqualTo(xT);
        assertThat(outcome.get("participant").get("n").asInt()).as(outcome.toString()).isEqualTo(nT);
        assertThat(outcome.get("comparison").get("persons").asInt()).as(outcome.toString()).isEqualTo(xC);
        assertThat(outcome.get("comparison").get("n").asInt()).as(outcome.toString()).isEqualTo(nC);
    }

    private static void assertEstimate(JsonNode estimate, String method, double value, double lower, double upper) {
        assertThat(estimate.get("method").asText()).isEqualTo(method);
        assertThat(estimate.get("estimate").asDouble()).as(estimate.toString()).isCloseTo(value, within(1e-9));
        assertThat(estimate.get("ci95").get(0).asDouble()).as(estimate.toString()).isCloseTo(lower, within(1e-6));
        assertThat(estimate.get("ci95").get(1).asDouble()).as(estimate.toString()).isCloseTo(upper, within(1e-6));
    }

    private static void assertTest(JsonNode test, double statistic, double p) {
        assertThat(test.get("method").asText()).isEqualTo("COCHRAN_MANTEL_HAENSZEL_UNCORRECTED");
        assertThat(test.get("df").asInt()).isEqualTo(1);
        assertThat(test.get("statistic").asDouble()).as(test.toString()).isCloseTo(statistic, within(1e-9));
        assertThat(test.get("p").asDouble()).as(test.toString()).isCloseTo(p, within(1e-9));
    }
}

package de.pilotregistry.app.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A worked scenario with hand-computed figures: 40 eligible persons, 20 places, so both groups have 20.
 * Facts are recorded in two deliveries; between them lies the knowledge time K1. The second delivery corrects
 * a job start, retracts another and brings a late job start. Figures are checked at K0 (after the draw,
 * before any fact), K1 and now.
 *
 * <p>Participants t0..t19 and comparison persons c0..c19 (each group sorted by pseudonym). Period 2011-03-01 to
 * 2012-02-29.
 * <ul>
 * <li>EXIT: t0..t5 exit on 2011-09-30, t5 re-enters on 2011-10-05 (a break of 5 days, not an exit): 5 of 20.
 * c0, c1 exit on 2011-10-31, c1 re-enters on 2011-12-01 (after 31 days, so entitled again on the end): 1 of 20.</li>
 * <li>REDUCTION: t6..t9 claim 100 EUR lower from 2011-08-01, t10 50 EUR higher: 4 of 20; c3, c4 lower: 2 of 20.</li>
 * <li>Job starts at K1: t0..t3 FULL_TIME (2011-09-01), t6 PART_TIME (2011-07-15) and MARGINAL (2011-11-01),
 * t11 SUBSIDISED; c3 MARGINAL (2011-08-01), c5 FULL_TIME on 2011-02-15 (before the period: not counted).
 * First labour market: 5 persons with 6 starts against 1 person with 1 start.</li>
 * <li>Second delivery (after K1): t1's start restated as PART_TIME, t2's start retracted, c6 FULL_TIME
 * (2011-09-15) delivered late. First labour market now: t0, t1, t3, t6 = 4 persons, 5 starts; c3, c6 = 2.</li>
 * <li>Contacts: t0..t9 three attended contacts each, t10 one missed: 30 contacts over 20 participants and
 * 365 days (11.9918 months) = 0.12509 per participant per month.</li>
 * </ul>
 * Reference statistics (Newcombe hybrid score interval, Katz log interval, two-sided Fisher exact test) were
 * computed independently with a Python script from the published formulas (Newcombe 1998, method 10).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkedScenarioTest extends RegistryTest {

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";

    private String pilot;
    private String prefix;
    private List<String> t;
    private List<String> c;
    private Instant k0;
    private Instant k1;

    @BeforeAll
    void recordTheScenario() throws Exception {
        api = new Api(port);
        prefix = Populations.uniquePrefix();
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Worked scenario","jobcenter":"Kreis Borken","site":"Isselburg","start":"2011-03-01",
                 "end":"2012-02-29","participantPlaces":20,"strata":["SEX"]}""");
        pilot = defined.json().get("pilotId").asText();
        StringBuilder population = new StringBuilder(Populations.HEADER).append('\n');
        for (int i = 0; i < 44; i++) {
            population.append(prefix).append(String.format("%02d", i)).append(',').append(i % 2 == 0 ? "FEMALE" : "MALE")
                    .append(',').append(1960 + i).append("-05,").append(i % 3 == 0 ? "MARKET" : "SUPPORT").append(',')
                    .append(i < 40 ? 24 : 12).append(",false,").append(500 + 10 * i).append(".00,H").append(i).append('\n');
        }
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", population.toString()).status())
                .isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from q_member where pilot_id = ? and grp <> 'UNSELECTED'", Long.class, pilot) == 40);
        t = jdbc.queryForList("select person from q_member where pilot_id = ? and grp = 'PARTICIPANT' order by person",
                String.class, pilot);
        c = jdbc.queryForList("select person from q_member where pilot_id = ? and grp = 'COMPARISON' order by person",
                String.class, pilot);
        k0 = Instant.now();
        Thread.sleep(20);

        List<String> first = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            first.add(t.get(i) + ",EXIT,2011-09-30,,,,,,,,EMPLOYMENT,");
        }
        first.add(t.get(5) + ",REENTRY,2011-10-05,,,,,,,,,");
        first.add(c.get(0) + ",EXIT,2011-10-31,,,,,,,,OTHER,");
        first.add(c.get(1) + ",EXIT,2011-10-31,,,,,,,,OTHER,");
        first.add(c.get(1) + ",REENTRY,2011-12-01,,,,,,,,,");
        for (int i = 6; i <= 9; i++) {
            first.add(t.get(i) + ",BENEFIT_CHANGE,2011-08-01,,,,," + claimOf(t.get(i), -100) + ",,,EARNED_INCOME,");
        }
        first.add(t.get(10) + ",BENEFIT_CHANGE,2011-08-01,,,,," + claimOf(t.get(10), 50) + ",,,HOUSING_COST_CHANGE,");
        first.add(c.get(3) + ",BENEFIT_CHANGE,2011-08-01,,,,," + claimOf(c.get(3), -100) + ",,,EARNED_INCOME,");
        first.add(c.get(4) + ",BENEFIT_CHANGE,2011-08-01,,,,," + claimOf(c.get(4), -100) + ",,,EARNED_INCOME,");
        for (int i = 0; i <= 3; i++) {
            first.add(t.get(i) + ",JOB_START,2011-09-01," + prefix + "job-t" + i + ",FULL_TIME,39,2100.00,,,,,");
        }
        first.add(t.get(6) + ",JOB_START,2011-07-15,,PART_TIME,20,950.00,,,,,");
        first.add(t.get(6) + ",JOB_START,2011-11-01,,MARGINAL,8,400.00,,,,,");
        first.add(t.get(11) + ",JOB_START,2011-10-01,,SUBSIDISED,30,1300.00,,,,,");
        first.add(c.get(3) + ",JOB_START,2011-08-01,,MARGINAL,8,400.00,,,,,");
        first.add(c.get(5) + ",JOB_START,2011-02-15,,FULL_TIME,39,2000.00,,,,,");
        for (int i = 0; i <= 9; i++) {
            for (int month = 4; month <= 6; month++) {
                first.add(t.get(i) + ",CONTACT,2011-0" + month + "-10,,,,,,IN_PERSON,ATTENDED,,");
            }
        }
        first.add(t.get(10) + ",CONTACT,2011-04-10,,,,,,PHONE,MISSED,,");
        deliver(first);
        k1 = Instant.now();
        Thread.sleep(20);

        deliver(List.of(
                t.get(1) + ",JOB_START,2011-09-01," + prefix + "job-t1,PART_TIME,25,1300.00,,,,,",
                t.get(2) + ",RETRACTION,," + prefix + "retract-t2,,,,,,,wrong person," + prefix + "job-t2",
                c.get(6) + ",JOB_START,2011-09-15,,FULL_TIME,39,2000.00,,,,,"));
    }

    @Test
    void givenKnowledgeBeforeAnyFact_whenAskingOutcomes_thenNothingHappenedYet() {
        JsonNode outcomes = outcomes("knownAt=" + k0);
        assertShares(outcome(outcomes, "EXIT"), 0, 0);
        assertShares(outcome(outcomes, "INTEGRATION_FIRST_LABOUR_MARKET"), 0, 0);
        assertThat(outcome(outcomes, "EXIT").get("ratio").isNull()).as("no comparison person exited").isTrue();
        assertThat(outcome(outcomes, "EXIT").get("fisherP").asDouble()).isEqualTo(1.0, within(1e-12));
    }

    @Test
    void givenKnowledgeAtK1_whenAskingOutcomes_thenTheFirstDeliveryCounts() {
        JsonNode outcomes = outcomes("knownAt=" + k1);
        JsonNode exit = outcome(outcomes, "EXIT");
        assertShares(exit, 5, 1);
        assertThat(exit.get("difference").asDouble()).isEqualTo(0.20, within(1e-9));
        assertThat(exit.get("differenceCi95").get(0).asDouble()).isEqualTo(-0.0317908771, within(1e-6));
        assertThat(exit.get("differenceCi95").get(1).asDouble()).isEqualTo(0.4225327147, within(1e-6));
        assertThat(exit.get("ratio").asDouble()).isEqualTo(5.0, within(1e-9));
        assertThat(exit.get("ratioCi95").get(0).asDouble()).isEqualTo(0.6400623685, within(1e-6));
        assertThat(exit.get("ratioCi95").get(1).asDouble()).isEqualTo(39.0586937018, within(1e-5));
        assertThat(exit.get("fisherP").asDouble()).isEqualTo(0.1817641818, within(1e-8));

        JsonNode reduction = outcome(outcomes, "REDUCTION");
        assertShares(reduction, 4, 2);
        assertThat(reduction.get("differenceCi95").get(0).asDouble()).isEqualTo(-0.1337886225, within(1e-6));
        assertThat(reduction.get("differenceCi95").get(1).asDouble()).isEqualTo(0.3277427838, within(1e-6));
        assertThat(reduction.get("ratio").asDouble()).isEqualTo(2.0, within(1e-9));
        assertThat(reduction.get("ratioCi95").get(0).asDouble()).isEqualTo(0.4118787366, within(1e-6));
        assertThat(reduction.get("ratioCi95").get(1).asDouble()).isEqualTo(9.7115962642, within(1e-5));
        assertThat(reduction.get("fisherP").asDouble()).isEqualTo(0.6614196614, within(1e-8));

        JsonNode firstLabourMarket = outcome(outcomes, "INTEGRATION_FIRST_LABOUR_MARKET");
        assertShares(firstLabourMarket, 5, 1);
        assertThat(firstLabourMarket.get("jobStarts").get("participant").asInt()).isEqualTo(6);
        assertThat(firstLabourMarket.get("jobStarts").get("comparison").asInt()).isEqualTo(1);
        assertShares(outcome(outcomes, "INTEGRATION_FULL_TIME"), 4, 0);
        assertShares(outcome(outcomes, "INTEGRATION_PART_TIME"), 1, 0);
        assertShares(outcome(outcomes, "INTEGRATION_MARGINAL"), 1, 1);
        assertShares(outcome(outcomes, "INTEGRATION_SUBSIDISED"), 1, 0);
        assertThat(outcomes.get("contactDensity").get("participant").asDouble()).isEqualTo(0.1250856164, within(1e-8));
        assertThat(outcomes.get("contactDensity").get("comparison").asDouble()).isZero();
    }

    @Test
    void givenKnowledgeNow_whenAskingOutcomes_thenCorrectionsAndLateFactsCount() {
        JsonNode outcomes = outcomes("");
        JsonNode firstLabourMarket = outcome(outcomes, "INTEGRATION_FIRST_LABOUR_MARKET");
        assertShares(firstLabourMarket, 4, 2);
        assertThat(firstLabourMarket.get("jobStarts").get("participant").asInt()).isEqualTo(5);
        assertThat(firstLabourMarket.get("jobStarts").get("comparison").asInt()).isEqualTo(2);
        JsonNode fullTime = outcome(outcomes, "INTEGRATION_FULL_TIME");
        assertShares(fullTime, 2, 1);
        assertThat(fullTime.get("differenceCi95").get(0).asDouble()).isEqualTo(-0.1496198029, within(1e-6));
        assertThat(fullTime.get("differenceCi95").get(1).asDouble()).isEqualTo(0.2551956670, within(1e-6));
        assertThat(fullTime.get("ratioCi95").get(0).asDouble()).isEqualTo(0.1967318824, within(1e-6));
        assertThat(fullTime.get("ratioCi95").get(1).asDouble()).isEqualTo(20.3322407706, within(1e-5));
        assertThat(fullTime.get("fisherP").asDouble()).isEqualTo(1.0, within(1e-9));
        assertShares(outcome(outcomes, "INTEGRATION_PART_TIME"), 2, 0);
        assertShares(outcome(outcomes, "EXIT"), 5, 1);
    }

    @Test
    void givenAValidDateAndKnowledgeTimes_whenTakingSnapshots_thenEachPersonStandsAsKnownThen() {
        JsonNode atK1 = snapshot("validAt=2011-10-01&knownAt=" + k1);
        JsonNode now = snapshot("validAt=2011-10-01");
        assertThat(person(atK1, t.get(0)).get("entitled").asBoolean()).isFalse();
        assertThat(person(atK1, t.get(0)).get("monthlyClaim").isNull()).isTrue();
        assertThat(person(atK1, t.get(5)).get("entitled").asBoolean()).as("a 5-day break is not an exit").isTrue();
        assertThat(person(atK1, t.get(6)).get("employmentType").asText()).isEqualTo("PART_TIME");
        assertThat(person(atK1, t.get(6)).get("monthlyClaim").decimalValue())
                .isEqualByComparingTo(claimOf(t.get(6), -100));
        assertThat(person(atK1, t.get(0)).get("contacts").asInt()).isEqualTo(3);
        assertThat(person(atK1, t.get(1)).get("employmentType").asText()).isEqualTo("FULL_TIME");
        assertThat(person(now, t.get(1)).get("employmentType").asText()).as("restated").isEqualTo("PART_TIME");
        assertThat(person(atK1, t.get(2)).get("employmentType").asText()).isEqualTo("FULL_TIME");
        assertThat(person(now, t.get(2)).get("employmentType").isNull()).as("retracted").isTrue();
        assertThat(person(atK1, c.get(6)).get("employmentType").isNull()).as("not yet delivered").isTrue();
        assertThat(person(now, c.get(6)).get("employmentType").asText()).isEqualTo("FULL_TIME");
        assertThat(person(now, c.get(0)).get("group").asText()).isEqualTo("COMPARISON");
        assertThat(person(now, c.get(0)).get("caseworker").isNull()).isTrue();

        JsonNode beforeExit = snapshot("validAt=2011-09-29");
        assertThat(person(beforeExit, t.get(0)).get("entitled").asBoolean()).as("valid time: not yet exited").isTrue();
        assertThat(StreamSupport.stream(now.get("persons").spliterator(), false)
                .filter(p -> p.get("group").asText().equals("UNSELECTED")).count()).isEqualTo(4);

        String csv = api.getCsv("admin", "/api/pilots/" + pilot + "/cohort?validAt=2011-10-01").body();
        assertThat(csv).startsWith("person,group,stratum,entitled,monthly_claim,employment_type,caseworker,contacts");
        assertThat(csv.lines().count()).isEqualTo(45);
        assertThat(csv).contains(t.get(1) + ",PARTICIPANT,SEX=");
    }

    @Test
    void givenTheDraw_whenAskingTheBalanceTable_thenSexIsBalancedExactly() {
        JsonNode balance = api.get("admin", "/api/pilots/" + pilot + "/balance").json(); // exact counts
        assertThat(balance.get("participants").asInt()).isEqualTo(20);
        assertThat(balance.get("comparison").asInt()).isEqualTo(20);
        JsonNode sex = StreamSupport.stream(balance.get("variables").spliterator(), false)
                .filter(v -> v.get("variable").asText().equals("SEX")).findFirst().orElseThrow();
        for (JsonNode category : sex.get("categories")) {
            assertThat(category.get("participant").get("count").asInt()).isEqualTo(10);
            assertThat(category.get("comparison").get("count").asInt()).isEqualTo(10);
            assertThat(category.get("standardizedDifference").asDouble()).isZero();
        }
        assertThat(sex.get("multivariateStandardizedDifference").asDouble()).isZero();
        JsonNode claim = StreamSupport.stream(balance.get("covariates").spliterator(), false)
                .filter(v -> v.get("variable").asText().equals("MONTHLY_CLAIM_AT_START")).findFirst().orElseThrow();
        double[] claimsT = t.stream().mapToDouble(person -> claimOf(person, 0).doubleValue()).toArray();
        double[] claimsC = c.stream().mapToDouble(person -> claimOf(person, 0).doubleValue()).toArray();
        double meanT = java.util.Arrays.stream(claimsT).average().orElseThrow();
        double meanC = java.util.Arrays.stream(claimsC).average().orElseThrow();
        double sdT = Math.sqrt(java.util.Arrays.stream(claimsT).map(x -> (x - meanT) * (x - meanT)).sum() / 19);
        double sdC = Math.sqrt(java.util.Arrays.stream(claimsC).map(x -> (x - meanC) * (x - meanC)).sum() / 19);
        assertThat(claim.get("participant").get("mean").asDouble()).isEqualTo(meanT, within(1e-9));
        assertThat(claim.get("comparison").get("sd").asDouble()).isEqualTo(sdC, within(1e-9));
        assertThat(claim.get("standardizedDifference").asDouble())
                .isEqualTo((meanT - meanC) / Math.sqrt((sdT * sdT + sdC * sdC) / 2), within(1e-9));
        JsonNode months = StreamSupport.stream(balance.get("covariates").spliterator(), false)
                .filter(v -> v.get("variable").asText().equals("MONTHS_IN_RECEIPT_OF_LAST_24")).findFirst()
                .orElseThrow();
        assertThat(months.get("participant").get("mean").asDouble()).as("all drawn had 24").isEqualTo(24.0);
        assertThat(StreamSupport.stream(balance.get("variables").spliterator(), false)
                .map(v -> v.get("variable").asText())).contains("MARGINAL_EMPLOYMENT");
    }

    @Test
    void givenKnowledgeAtK1_whenExporting_thenZipIsAProtectedScientificUseFileAndTheExportIsRecorded()
            throws Exception {
        long exportsBefore = exportEvents();
        Map<String, String> files = unzip(api.download("evaluator",
                "/api/pilots/" + pilot + "/export?validAt=2011-10-01&knownAt=" + k1));

        assertThat(files).containsOnlyKeys("persons.csv", "facts.csv", "summary.csv", "strata.csv", "codebook.csv",
                "README.txt");
        List<String> persons = files.get("persons.csv").lines().toList();
        assertThat(persons).as("the 40 persons drawn into a group, not the unselected").hasSize(1 + 40);
        assertThat(persons.get(0)).startsWith("research_id,group,stratum,");
        assertThat(persons.subList(1, persons.size())).allSatisfy(line ->
                assertThat(line).matches("R[0-9a-f]{20},(PARTICIPANT|COMPARISON),.*"));
        for (String file : files.keySet()) {
            for (String person : t) {
                assertThat(files.get(file)).as(file + " holds no pseudonym").doesNotContain(person + ",");
            }
        }
        // Facts as known at K1: the first delivery only (8 exits, 2 re-entries, 7 claim changes, 9 job starts,
        // 31 contacts), none of the second.
        List<String> facts = files.get("facts.csv").lines().skip(1).toList();
        assertThat(facts).hasSize(8 + 2 + 7 + 9 + 31);
        String codebook = files.get("codebook.csv");
        for (String name : List.of("persons.csv", "facts.csv", "summary.csv", "strata.csv")) {
            for (String column : files.get(name).lines().findFirst().orElseThrow().split(",")) {
                assertThat(codebook).as("codebook explains " + column).contains(name + "," + column + ",");
            }
        }
        // amounts in 50-EUR bands, dates as days
        List<String> header = List.of(persons.get(0).split(","));
        assertThat(persons.subList(1, persons.size())).allSatisfy(line -> {
            String band = line.split(",", -1)[header.indexOf("claim_at_start_band")];
            assertThat(band.isEmpty() || Long.parseLong(band) % 50 == 0).as(band).isTrue();
        });
        assertThat(files.get("facts.csv")).doesNotContainPattern("\\d{2}:\\d{2}");

        // On 2011-10-01 as known at K1, two comparison persons hold a job (c3, c5): never shown as 1 or 2; the
        // participants' count goes too, else the total would give it away.
        assertThat(files.get("summary.csv")).contains("COMPARISON,20,0,20,0,0,0,,1");
        for (String table : List.of("summary.csv", "strata.csv")) {
            List<String> columns = List.of(files.get(table).lines().findFirst().orElseThrow().split(","));
            files.get(table).lines().skip(1).forEach(line -> {
                String[] cells = line.split(",", -1);
                for (int i = 0; i < cells.length; i++) {
                    if (columns.get(i).endsWith("_suppressed")) {
                        if (cells[i].equals("1")) {
                            assertThat(cells[i - 1]).as(table + ": " + line).isEmpty();
                        } else {
                            assertThat(Long.parseLong(cells[i - 1])).as(table + ": " + line).isNotIn(1L, 2L);
                        }
                    }
                }
            });
        }
        String employed = files.get("summary.csv").lines().filter(l -> l.startsWith("PARTICIPANT,")).findFirst()
                .orElseThrow();
        assertThat(employed).endsWith(",,1");

        // the README's k is the smallest group over the quasi-identifiers that persons.csv really has
        Map<String, Integer> groups = new java.util.HashMap<>();
        persons.stream().skip(1).map(line -> line.split(",", -1)).forEach(cells -> groups.merge(String.join("|",
                cells[header.indexOf("sex")], cells[header.indexOf("age_class")],
                cells[header.indexOf("applicant_type")], cells[header.indexOf("claim_at_start_band")],
                cells[header.indexOf("monthly_claim_band")]), 1, Integer::sum));
        int k = groups.values().stream().min(Integer::compare).orElseThrow();
        assertThat(k).isGreaterThanOrEqualTo(3);
        assertThat(files.get("README.txt")).contains("at least k = " + k + " persons")
                .doesNotContain("re-identification is not possible");
        for (String file : files.keySet().stream().filter(name -> name.endsWith(".csv")).toList()) {
            assertThat(files.get(file).lines().flatMap(line -> java.util.Arrays.stream(line.split(","))))
                    .as(file + ": no cell a spreadsheet would run").noneMatch(cell -> cell.matches("^[=+\\-@].*"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> exportEvents() == exportsBefore + 1);
    }

    @Test
    void givenKnowledgeNow_whenAskingTheSeries_thenMonthlySharesFollowExitsAndJobs() {
        String path = "/api/pilots/" + pilot + "/series?from=2011-03-01&to=2012-02-29&step=month";
        JsonNode series = api.get("admin", path).json(); // exact counts
        JsonNode points = series.get("points");
        assertThat(points).as("from, the first of every month after it, and to").hasSize(13);
        assertThat(points.get(12).get("date").asText()).isEqualTo("2012-02-29");
        JsonNode march = points.get(0);
        assertThat(march.get("participant").get("receiving").get("share").asDouble()).isEqualTo(1.0, within(1e-12));
        assertThat(march.get("participant").get("employed").get("count").asInt()).isZero();
        JsonNode november = point(points, "2011-11-01");
        // t0..t4 exited (t5 came back after 5 days); c0, c1 exited on 2011-10-31.
        assertThat(november.get("participant").get("exited").get("count").asInt()).isEqualTo(5);
        assertThat(november.get("participant").get("exited").get("share").asDouble()).isEqualTo(5 / 20.0,
                within(1e-12));
        assertThat(november.get("comparison").get("exited").get("share").asDouble()).isEqualTo(2 / 20.0,
                within(1e-12));
        // Employed on 2011-11-01: t0, t1, t3 (t2 retracted), t6, t11; c3, c5 (since before the pilot), c6.
        assertThat(november.get("participant").get("employed").get("share").asDouble()).isEqualTo(5 / 20.0,
                within(1e-12));
        assertThat(november.get("comparison").get("employed").get("count").asInt()).isEqualTo(3);
        JsonNode february = point(points, "2012-02-01");
        assertThat(february.get("comparison").get("exited").get("count").asInt()).as("c1 re-entered").isEqualTo(1);
        JsonNode suppressed = point(api.get("evaluator", path).json().get("points"), "2012-02-01")
                .get("comparison");
        assertThat(suppressed.get("exited").get("count").isNull()).as("1 person, for an evaluator").isTrue();
        assertThat(suppressed.get("exited").get("share").isNull()).isTrue();
        assertThat(suppressed.get("receiving").get("count").isNull()).as("else 20 - receiving = exited").isTrue();
        assertThat(suppressed.get("exited").get("suppressed")).extracting(JsonNode::asText)
                .containsExactly("count", "share");
        assertThat(suppressed.get("n").asInt()).isEqualTo(20);

        JsonNode lateStart = api.get("admin",
                "/api/pilots/" + pilot + "/series?from=2011-03-31&to=2011-06-15").json().get("points");
        assertThat(StreamSupport.stream(lateStart.spliterator(), false).map(p -> p.get("date").asText()))
                .as("no drift after the 29th").containsExactly("2011-03-31", "2011-04-01", "2011-05-01",
                        "2011-06-01", "2011-06-15");
    }

    @Test
    void givenBadParameters_whenAskingViews_thenProblemsWithFieldDetail() {
        Api.Response unknown = api.get("evaluator", "/api/pilots/no-such-pilot/outcomes");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Api.Response reversed = api.get("evaluator", "/api/pilots/" + pilot + "/outcomes?from=2012-01-01&to=2011-06-01");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().get("errors").get(0).get("field").asText()).isEqualTo("from");
        Api.Response malformed = api.get("evaluator", "/api/pilots/" + pilot + "/cohort?validAt=2011-02-30&knownAt=soon");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("validAt", "knownAt");
        assertThat(api.get("caseworker1", "/api/pilots/" + pilot + "/outcomes").status()).isEqualTo(403);
    }

    private long exportEvents() {
        return jdbc.queryForObject("select count(*) from domainevententry where payloadtype like ? and "
                + "convert_from(payload, 'UTF8') like ?", Long.class, "%DataExported", "%" + pilot + "%");
    }

    private static Map<String, String> unzip(byte[] zip) throws java.io.IOException {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static JsonNode point(JsonNode points, String date) {
        return StreamSupport.stream(points.spliterator(), false)
                .filter(p -> p.get("date").asText().equals(date)).findFirst().orElseThrow();
    }

    /**
     * One delivery, then a read with its position: every projection has it (not only the facts table), so the
     * horizon, which answers "knowledge now", has passed it.
     */
    private void deliver(List<String> rows) {
        Api.Response delivered = api.postCsv("steward", "/api/facts", FACT_HEADER + "\n" + String.join("\n", rows) + "\n");
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        String position = delivered.raw().headers().firstValue("Registry-Position").orElseThrow();
        Api.Response seen = api.get("evaluator", "/api/pilots/" + pilot + "?minPosition=" + position + "&wait=PT30S");
        assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
    }

    private java.math.BigDecimal claimOf(String person, int change) {
        int index = Integer.parseInt(person.substring(prefix.length()));
        return java.math.BigDecimal.valueOf(500 + 10L * index + change).setScale(2);
    }

    /** As ADMIN, who sees exact counts (an evaluator's small counts are suppressed: SmallCountsApiTest). */
    private JsonNode outcomes(String query) {
        Api.Response response = api.get("admin", "/api/pilots/" + pilot + "/outcomes?" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode snapshot(String query) {
        // exact person-level rows: ADMIN's cohort (evaluators get research ids and bands, CohortProtectionTest)
        Api.Response response = api.get("admin", "/api/pilots/" + pilot + "/cohort?size=1000&" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode outcome(JsonNode outcomes, String name) {
        return StreamSupport.stream(outcomes.get("outcomes").spliterator(), false)
                .filter(o -> o.get("outcome").asText().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode person(JsonNode snapshot, String person) {
        return StreamSupport.stream(snapshot.get("persons").spliterator(), false)
                .filter(p -> p.get("person").asText().equals(person)).findFirst().orElseThrow();
    }

    private static void assertShares(JsonNode outcome, int participants, int comparison) {
        assertThat(outcome.get("participant").get("persons").asInt()).as(outcome.toString()).isEqualTo(participants);
        assertThat(outcome.get("participant").get("n").asInt()).isEqualTo(20);
        assertThat(outcome.get("participant").get("share").asDouble()).isEqualTo(participants / 20.0, within(1e-12));
        assertThat(outcome.get("comparison").get("persons").asInt()).as(outcome.toString()).isEqualTo(comparison);
        assertThat(outcome.get("comparison").get("n").asInt()).isEqualTo(20);
        assertThat(outcome.get("comparison").get("share").asDouble()).isEqualTo(comparison / 20.0, within(1e-12));
    }
}

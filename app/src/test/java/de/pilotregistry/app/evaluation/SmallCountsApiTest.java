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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Small counts in what evaluators see (docs/outcome-definitions.md, "Small counts"): one pilot of 40 persons, 20
 * women and 20 men, stratified by sex, so 10 participants and 10 comparison persons per sex. Full-time starts:
 * women t 1 of 10, c 4; men t 5, c 3. One person (woman 00) is of applicant type ACTIVATION, all others MARKET.
 * A second pilot has a stratum of two women, for the draw's counts.
 * As EVALUATOR the 1 and what would give it away are suppressed, and no suppressed count follows from the numbers the
 * answer shows (the equations totals = sum of parts, checked by rank as in SmallCountsTest); as ADMIN every count shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmallCountsApiTest extends RegistryTest {

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";
    private static final List<String> GROUPS = List.of("participant", "comparison");

    private String pilot;

    @BeforeAll
    void recordTheScenario() {
        api = new Api(port);
        String prefix = Populations.uniquePrefix();
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Small counts","jobcenter":"Kreis Borken","site":"Bocholt","start":"2011-03-01",
                 "end":"2012-02-29","participantPlaces":20,"strata":["SEX"]}""");
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        pilot = defined.json().get("pilotId").asText();
        StringBuilder population = new StringBuilder(Populations.HEADER).append('\n');
        for (int i = 0; i < 40; i++) {
            population.append(prefix).append(String.format("%02d", i)).append(',')
                    .append(i % 2 == 0 ? "FEMALE" : "MALE").append(',').append(1960 + i % 20).append("-05,")
                    .append(i == 0 ? "ACTIVATION" : "MARKET").append(",24,false,")
                    .append(500 + 10 * i).append(".00,H").append(prefix).append(i).append('\n');
        }
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", population.toString()).status())
                .isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from q_member where pilot_id = ? and grp <> 'UNSELECTED'", Long.class, pilot) == 40);
        List<String> facts = new ArrayList<>();
        for (String[] starts : new String[][]{{"PARTICIPANT", "FEMALE", "1"}, {"COMPARISON", "FEMALE", "4"},
                {"PARTICIPANT", "MALE", "5"}, {"COMPARISON", "MALE", "3"}}) {
            jdbc.queryForList("select person from q_member where pilot_id = ? and grp = ? and sex = ? order by person "
                            + "limit " + starts[2], String.class, pilot, starts[0], starts[1])
                    .forEach(person -> facts.add(person + ",JOB_START,2011-09-01,,FULL_TIME,39,2100.00,,,,,"));
        }
        Api.Response delivered = api.postCsv("steward", "/api/facts",
                FACT_HEADER + "\n" + String.join("\n", facts) + "\n");
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        String position = delivered.raw().headers().firstValue("Registry-Position").orElseThrow();
        assertThat(api.get("admin", "/api/pilots/" + pilot + "?minPosition=" + position + "&wait=PT30S").status())
                .isEqualTo(200);
    }

    @Test
    void givenAStratumCellOfOne_whenAnEvaluatorAsks_thenItAndWhatWouldGiveItAwayAreSuppressed() {
        JsonNode answer = get("evaluator", "/api/pilots/" + pilot + "/outcomes?breakdown=stratum");

        JsonNode women = stratum(answer, "SEX=FEMALE");
        JsonNode fullTime = outcome(women.get("outcomes"), "INTEGRATION_FULL_TIME");
        assertThat(fullTime.get("participant").get("persons").isNull()).as(fullTime.toString()).isTrue();
        assertThat(fullTime.get("participant").get("share").isNull()).isTrue();
        assertThat(fullTime.get("participant").get("suppressed")).extracting(JsonNode::asText)
                .containsExactly("persons", "share");
        assertThat(fullTime.get("difference").isNull()).isTrue();
        assertThat(fullTime.get("fisherP").isNull()).isTrue();
        assertThat(fullTime.get("suppressed")).extracting(JsonNode::asText).contains("difference", "fisherP");
        assertThat(fullTime.get("comparison").get("persons").asInt()).isEqualTo(4);
        assertThat(fullTime.get("participant").get("n").asInt()).isEqualTo(10);
        assertThat(outcome(stratum(answer, "SEX=MALE").get("outcomes"), "INTEGRATION_FULL_TIME").get("participant")
                .get("persons").isNull()).as("else 6 − 5 gives the women's 1").isTrue();
        // the overall figures the evaluation exists for stay
        JsonNode overall = outcome(answer.get("outcomes"), "INTEGRATION_FULL_TIME");
        assertThat(overall.get("participant").get("persons").asInt()).isEqualTo(6);
        assertThat(overall.get("comparison").get("persons").asInt()).isEqualTo(7);
        assertThat(overall.get("difference").asDouble()).isCloseTo(-0.05, within(1e-12));
        assertThat(overall.get("fisherP").isNumber()).isTrue();
        assertThat(answer.get("outcomes").findValues("persons")).as("no count of 1 or 2 anywhere")
                .noneMatch(persons -> persons.isNumber() && persons.asLong() >= 1 && persons.asLong() <= 2);
        assertThat(answer.get("strata").findValues("persons"))
                .noneMatch(persons -> persons.isNumber() && persons.asLong() >= 1 && persons.asLong() <= 2);
        assertThat(determinedOutcomeCells(answer)).as("suppressed counts that follow from the shown ones").isEmpty();
    }

    @Test
    void givenAStratumCellOfOne_whenAnAdminAsks_thenEveryCountShows() {
        JsonNode answer = get("admin", "/api/pilots/" + pilot + "/outcomes?breakdown=stratum");

        JsonNode fullTime = outcome(stratum(answer, "SEX=FEMALE").get("outcomes"), "INTEGRATION_FULL_TIME");
        assertThat(fullTime.get("participant").get("persons").asInt()).isEqualTo(1);
        assertThat(fullTime.get("participant").get("share").asDouble()).isEqualTo(0.1);
        assertThat(fullTime.get("participant").get("suppressed")).isEmpty();
        assertThat(fullTime.get("difference").isNumber()).isTrue();
    }

    @Test
    void givenABalanceCellOfOne_whenAnEvaluatorAsks_thenItCannotBeRecomputedFromTheGroupTotal() {
        JsonNode balance = get("evaluator", "/api/pilots/" + pilot + "/balance");

        JsonNode activation = category(balance, "APPLICANT_TYPE", "ACTIVATION");
        String group = activation.get("participant").get("count").isNull() ? "participant" : "comparison";
        String other = group.equals("participant") ? "comparison" : "participant";
        assertThat(activation.get(group).get("count").isNull()).as(activation.toString()).isTrue();
        assertThat(activation.get(group).get("share").isNull()).isTrue();
        assertThat(activation.get(group).get("suppressed")).extracting(JsonNode::asText)
                .containsExactly("count", "share");
        assertThat(activation.get(other).get("count").asInt()).as("a zero is no small count").isZero();
        assertThat(activation.get("standardizedDifference").isNull()).isTrue();
        assertThat(category(balance, "APPLICANT_TYPE", "MARKET").get(group).get("count").isNull())
                .as("else 20 − 19 gives the 1").isTrue();
        assertThat(balance.get(group.equals("participant") ? "participants" : "comparison").asInt()).isEqualTo(20);
        assertThat(variable(balance, "APPLICANT_TYPE").get("multivariateStandardizedDifference").isNull()).isTrue();
        assertThat(balance.findValues("count"))
                .noneMatch(count -> count.isNumber() && count.asLong() >= 1 && count.asLong() <= 2);
        assertThat(determinedBalanceCells(balance)).as("suppressed counts that follow from the shown ones").isEmpty();

        JsonNode exact = category(get("admin", "/api/pilots/" + pilot + "/balance"), "APPLICANT_TYPE", "ACTIVATION");
        assertThat(exact.get(group).get("count").asInt()).as("exact for ADMIN").isEqualTo(1);
        assertThat(exact.get("standardizedDifference").isNumber()).isTrue();
    }

    @Test
    void givenAStratumOfTwoWomen_whenAnEvaluatorAsksForTheDraw_thenItsCountsAreSuppressed() {
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Two women","jobcenter":"Kreis Borken","site":"Isselburg","start":"2011-03-01",
                 "end":"2012-02-29","participantPlaces":8,"strata":["SEX"]}""");
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        String small = defined.json().get("pilotId").asText();
        String prefix = Populations.uniquePrefix();
        StringBuilder population = new StringBuilder(Populations.HEADER).append('\n');
        for (int i = 0; i < 20; i++) {
            population.append(prefix).append(String.format("%02d", i)).append(',').append(i < 2 ? "FEMALE" : "MALE")
                    .append(',').append(1960 + i).append("-05,MARKET,24,false,").append(500 + 10 * i)
                    .append(".00,H").append(prefix).append(i).append('\n');
        }
        assertThat(api.postCsv("steward", "/api/pilots/" + small + "/population", population.toString()).status())
                .isEqualTo(200);
        Api.Response drawn = api.postJson("admin", "/api/pilots/" + small + "/draw", "");
        assertThat(drawn.status()).as(drawn.toString()).isEqualTo(201);
        String position = drawn.raw().headers().firstValue("Registry-Position").orElseThrow();

        JsonNode exact = get("admin", "/api/pilots/" + small + "/draw?minPosition=" + position + "&wait=PT30S");
        JsonNode women = drawStratum(exact, "FEMALE");
        assertThat(women.get("eligible").asInt()).as("exact for ADMIN").isEqualTo(2);
        assertThat(women.get("suppressed")).isEmpty();

        JsonNode draw = get("evaluator", "/api/pilots/" + small + "/draw?minPosition=" + position);
        assertThat(drawStratum(draw, "FEMALE").get("eligible").isNull()).as(draw.toString()).isTrue();
        assertThat(drawStratum(draw, "FEMALE").get("suppressed")).extracting(JsonNode::asText).contains("eligible");
        assertThat(draw.get("strata").findValues("eligible")).noneMatch(count -> count.isNumber()
                && count.asLong() >= 1 && count.asLong() <= 2);
        assertThat(draw.get("strata").findValues("participants")).noneMatch(count -> count.isNumber()
                && count.asLong() >= 1 && count.asLong() <= 2);
        assertThat(draw.get("strata").findValues("comparison")).noneMatch(count -> count.isNumber()
                && count.asLong() >= 1 && count.asLong() <= 2);
        Equations equations = new Equations();
        List<String> strata = new ArrayList<>();
        for (JsonNode stratum : draw.get("strata")) {
            String name = stratum.get("stratum").toString();
            strata.add(name);
            for (String count : List.of("eligible", "participants", "comparison")) {
                equations.value(name + count, stratum.get(count));
            }
            equations.value(name + "notDrawn", null);
            equations.sum(List.of(name + "participants", name + "comparison", name + "notDrawn"), name + "eligible");
        }
        for (String count : List.of("participants", "comparison")) {
            equations.value(count, draw.get(count));
            equations.sum(strata.stream().map(name -> name + count).toList(), count);
        }
        assertThat(equations.determined().stream().filter(cell -> !cell.endsWith("notDrawn")))
                .as("suppressed counts that follow from the shown ones").isEmpty();
    }

    /**
     * The outcome answer as equations over its counts: per table (overall, each stratum), outcome and group, persons
     * with + persons without (never shown) = members; per outcome, group and measure, the strata add up to the
     * overall cell. The unknowns are the counts shown as null and those without.
     */
    private static List<String> determinedOutcomeCells(JsonNode answer) {
        Equations equations = new Equations();
        List<JsonNode> strata = new ArrayList<>();
        answer.get("strata").forEach(strata::add);
        for (JsonNode overall : answer.get("outcomes")) {
            String name = overall.get("outcome").asText();
            for (String group : GROUPS) {
                List<String> tables = new ArrayList<>();
                tables.add("all");
                for (int i = 0; i < strata.size(); i++) {
                    tables.add("s" + i);
                }
                for (int i = 0; i < tables.size(); i++) {
                    JsonNode figure = (i == 0 ? overall : outcome(strata.get(i - 1).get("outcomes"), name)).get(group);
                    String table = tables.get(i);
                    equations.value(table + name + group + "persons", figure.get("persons"));
                    equations.value(table + group + "n", figure.get("n"));
                    equations.value(table + name + group + "without", null);
                    equations.sum(List.of(table + name + group + "persons", table + name + group + "without"),
                            table + group + "n");
                }
                List<String> parts = tables.subList(1, tables.size());
                for (String measure : List.of("persons", "without")) {
                    equations.sum(parts.stream().map(t -> t + name + group + measure).toList(),
                            "all" + name + group + measure);
                }
                equations.sum(parts.stream().map(t -> t + group + "n").toList(), "all" + group + "n");
            }
        }
        return equations.determined().stream().filter(cell -> !cell.endsWith("without")).toList();
    }

    /** The balance answer as equations: per variable and group, the categories add up to the group's members. */
    private static List<String> determinedBalanceCells(JsonNode balance) {
        Equations equations = new Equations();
        equations.value("participant", balance.get("participants"));
        equations.value("comparison", balance.get("comparison"));
        for (JsonNode variable : balance.get("variables")) {
            for (String group : GROUPS) {
                List<String> parts = new ArrayList<>();
                for (JsonNode category : variable.get("categories")) {
                    String cell = variable.get("variable").asText() + category.get("category").asText() + group;
                    equations.value(cell, category.get(group).get("count"));
                    parts.add(cell);
                }
                equations.sum(parts, group);
            }
        }
        return equations.determined();
    }

    /**
     * Linear equations sum(parts) = total over cells, some unknown: unknown u_i follows from the known ones when the
     * unit vector e_i lies in the row space of the equations restricted to the unknowns.
     */
    private static final class Equations {
        private final Map<String, Boolean> known = new HashMap<>();
        private final List<List<String>> lines = new ArrayList<>();

        void value(String cell, JsonNode shown) {
            known.put(cell, shown != null && shown.isNumber());
        }

        void sum(List<String> parts, String total) {
            List<String> line = new ArrayList<>(parts);
            line.add("-" + total);
            lines.add(line);
        }

        List<String> determined() {
            List<String> unknowns = known.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                    .sorted().toList();
            List<double[]> rows = new ArrayList<>();
            for (List<String> line : lines) {
                double[] row = new double[unknowns.size()];
                for (String term : line) {
                    boolean negative = term.startsWith("-");
                    int column = unknowns.indexOf(negative ? term.substring(1) : term);
                    if (column >= 0) {
                        row[column] += negative ? -1 : 1;
                    }
                }
                rows.add(row);
            }
            int rank = rank(rows, unknowns.size());
            List<String> found = new ArrayList<>();
            for (int i = 0; i < unknowns.size(); i++) {
                List<double[]> with = new ArrayList<>(rows);
                double[] unit = new double[unknowns.size()];
                unit[i] = 1;
                with.add(unit);
                if (rank(with, unknowns.size()) == rank) {
                    found.add(unknowns.get(i));
                }
            }
            return found;
        }

        private static int rank(List<double[]> source, int columns) {
            double[][] m = source.stream().map(double[]::clone).toArray(double[][]::new);
            int rank = 0;
            for (int c = 0; c < columns && rank < m.length; c++) {
                int pivot = rank;
                for (int r = rank; r < m.length; r++) {
                    if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                        pivot = r;
                    }
                }
                if (Math.abs(m[pivot][c]) < 1e-9) {
                    continue;
                }
                double[] swap = m[rank];
                m[rank] = m[pivot];
                m[pivot] = swap;
                for (int r = 0; r < m.length; r++) {
                    if (r != rank) {
                        double factor = m[r][c] / m[rank][c];
                        for (int k = c; k < columns; k++) {
                            m[r][k] -= factor * m[rank][k];
                        }
                    }
                }
                rank++;
            }
            return rank;
        }
    }

    private JsonNode get(String user, String path) {
        Api.Response response = api.get(user, path);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode drawStratum(JsonNode draw, String sex) {
        return StreamSupport.stream(draw.get("strata").spliterator(), false)
                .filter(s -> sex.equals(s.get("stratum").path("SEX").asText())).findFirst().orElseThrow();
    }

    private static JsonNode stratum(JsonNode answer, String name) {
        return StreamSupport.stream(answer.get("strata").spliterator(), false)
                .filter(s -> s.get("stratum").asText().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode outcome(JsonNode outcomes, String name) {
        return StreamSupport.stream(outcomes.spliterator(), false)
                .filter(o -> o.get("outcome").asText().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode variable(JsonNode balance, String name) {
        return StreamSupport.stream(balance.get("variables").spliterator(), false)
                .filter(v -> v.get("variable").asText().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode category(JsonNode balance, String variable, String name) {
        return StreamSupport.stream(variable(balance, variable).get("categories").spliterator(), false)
                .filter(c -> c.get("category").asText().equals(name)).findFirst().orElseThrow();
    }
}

package de.pilotregistry.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cohort as an evaluator gets it is the export's persons.csv: research ids, drawn persons only, claims in bands,
 * caseworker codes, k-anonymous quasi-identifiers; otherwise counting its rows would undo every suppressed count.
 * ADMIN still gets the persons exactly.
 */
class CohortProtectionTest extends RegistryTest {

    @Test
    void givenADrawnPilot_whenEvaluatorAndAdminReadTheCohort_thenTheEvaluatorGetsTheExportsRowsAndTheAdminExactOnes()
            throws IOException {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(15);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(prefix, 60, 41)).status()).isEqualTo(200);
        Api.Response draw = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        assertThat(draw.status()).isEqualTo(201);
        String drawnAt = draw.raw().headers().firstValue("Registry-Position").orElseThrow();
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"caseworker1\"}").status()).isEqualTo(201);
        String participant = api.get("admin", "/api/pilots/" + pilot + "/participants?minPosition=" + drawnAt
                        + "&wait=PT30S").json()
                .findValuesAsText("person").stream().sorted().findFirst().orElseThrow();
        Api.Response assigned = api.postJson("admin", "/api/pilots/" + pilot + "/assignments", "{\"person\":\""
                + participant + "\",\"caseworker\":\"caseworker1\",\"effectiveDate\":\"2011-03-01\"}");
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        String position = assigned.raw().headers().firstValue("Registry-Position").orElseThrow();

        // ADMIN: every person as the registry knows them
        JsonNode exact = api.get("admin", "/api/pilots/" + pilot + "/cohort?validAt=2011-05-01&size=1000&minPosition="
                + position + "&wait=PT30S").json();
        String times = "validAt=2011-05-01&knownAt=" + URLEncoder.encode(exact.get("knownAt").asText(),
                StandardCharsets.UTF_8);
        List<JsonNode> all = rows(exact);
        assertThat(all).hasSize(60).allSatisfy(p -> assertThat(p.get("person").asText()).startsWith(prefix));
        assertThat(all).anySatisfy(p -> assertThat(p.get("group").asText()).isEqualTo("UNSELECTED"));
        assertThat(all).anySatisfy(p -> assertThat(p.get("monthlyClaim").decimalValue().remainder(
                java.math.BigDecimal.valueOf(50)).signum()).isNotZero());
        assertThat(all).filteredOn(p -> p.get("person").asText().equals(participant))
                .singleElement().satisfies(p -> assertThat(p.get("caseworker").asText()).isEqualTo("caseworker1"));
        long drawn = all.stream().filter(p -> !p.get("group").asText().equals("UNSELECTED")).count();

        // EVALUATOR: the drawn persons under research ids, banded, coded, k-anonymous
        Api.Response answer = api.get("evaluator", "/api/pilots/" + pilot + "/cohort?size=1000&" + times);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).as("no pseudonym of the registry").doesNotContain(prefix);
        JsonNode protectedCohort = answer.json();
        List<JsonNode> persons = rows(protectedCohort);
        assertThat(protectedCohort.get("total").asLong()).isEqualTo(drawn);
        assertThat(persons).hasSize((int) drawn).allSatisfy(p -> {
            assertThat(p.get("person").asText()).matches("R[0-9a-f]{20}");
            assertThat(p.get("group").asText()).isIn("PARTICIPANT", "COMPARISON");
            assertThat(p.has("monthlyClaim")).as("no exact claim").isFalse();
            assertThat(p.get("monthlyClaimBand").isNull() || p.get("monthlyClaimBand").asLong() % 50 == 0).isTrue();
            assertThat(p.get("caseworker").isNull() || p.get("caseworker").asText().matches("CW\\d\\d")).isTrue();
            if (p.get("stratum").isNull()) {
                assertThat(p.get("quasiIdentifiersSuppressed").asBoolean()).as("suppressed, so flagged").isTrue();
            }
        });
        assertThat(persons).filteredOn(p -> !p.get("caseworker").isNull()).singleElement()
                .satisfies(p -> assertThat(p.get("caseworker").asText()).isEqualTo("CW01"));
        assertThat(persons).as("60 random persons are mostly unique: suppression happened")
                .anySatisfy(p -> assertThat(p.get("quasiIdentifiersSuppressed").asBoolean()).isTrue());
        // the combinations shown (stratum and claim band; an empty value is a value) occur at least 3 times
        Map<String, Long> combinations = persons.stream().collect(Collectors.groupingBy(
                p -> p.get("stratum").asText("") + "|" + p.get("monthlyClaimBand").asText(""), Collectors.counting()));
        assertThat(combinations.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(3));

        // paging cuts the same protected answer
        List<JsonNode> paged = new ArrayList<>();
        for (int page = 0; page * 7 < drawn; page++) {
            JsonNode one = api.get("evaluator", "/api/pilots/" + pilot + "/cohort?size=7&page=" + page + "&" + times)
                    .json();
            assertThat(one.get("total").asLong()).isEqualTo(drawn);
            paged.addAll(rows(one));
        }
        assertThat(paged).isEqualTo(persons);

        // the CSV: the same rows
        Api.Response csvAnswer = api.getCsv("evaluator", "/api/pilots/" + pilot + "/cohort?" + times);
        assertThat(csvAnswer.status()).isEqualTo(200);
        String csv = csvAnswer.body();
        assertThat(csv).doesNotContain(prefix);
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("person,group,stratum,entitled,monthly_claim_band,employment_type,"
                + "caseworker,contacts,quasi_identifiers_suppressed");
        assertThat(lines.subList(1, lines.size())).hasSize((int) drawn);
        for (int i = 0; i < persons.size(); i++) {
            JsonNode p = persons.get(i);
            assertThat(lines.get(i + 1)).isEqualTo(String.join(",", p.get("person").asText(), p.get("group").asText(),
                    p.get("stratum").asText(""), p.get("entitled").asText(), p.get("monthlyClaimBand").asText(""),
                    p.get("employmentType").asText(""), p.get("caseworker").asText(""), p.get("contacts").asText(),
                    p.get("quasiIdentifiersSuppressed").asBoolean() ? "1" : "0"));
        }

        // the export of the same moment: the same research ids with the same values, so the two can be joined
        String exported = unzip(api.download("evaluator", "/api/pilots/" + pilot + "/export?" + times))
                .get("persons.csv");
        List<String> exportLines = exported.lines().toList();
        List<String> header = Arrays.asList(exportLines.get(0).split(","));
        Map<String, JsonNode> byId = persons.stream().collect(Collectors.toMap(p -> p.get("person").asText(),
                Function.identity()));
        assertThat(exportLines.subList(1, exportLines.size())).hasSize((int) drawn).allSatisfy(line -> {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells[c]);
            }
            JsonNode p = byId.get(row.get("research_id"));
            assertThat(p).as(row.get("research_id")).isNotNull();
            assertThat(p.get("group").asText()).isEqualTo(row.get("group"));
            assertThat(p.get("stratum").asText("")).isEqualTo(row.get("stratum"));
            assertThat(p.get("monthlyClaimBand").asText("")).isEqualTo(row.get("monthly_claim_band"));
            assertThat(p.get("caseworker").asText("")).isEqualTo(row.get("caseworker"));
            assertThat(p.get("quasiIdentifiersSuppressed").asBoolean() ? "1" : "0")
                    .isEqualTo(row.get("quasi_identifiers_suppressed"));
        });
    }

    private static List<JsonNode> rows(JsonNode snapshot) {
        return StreamSupport.stream(snapshot.get("persons").spliterator(), false).toList();
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}

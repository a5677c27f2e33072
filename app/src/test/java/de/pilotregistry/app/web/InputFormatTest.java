package de.pilotregistry.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static de.pilotregistry.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies and query strings as people really send them: broken JSON, files from Excel (BOM, semicolons, Windows
 * encodings), fields and parameters that do not exist.
 */
class InputFormatTest extends RegistryTest {

    private static final String PILOT = """
            {"name":"Format","jobcenter":"Kreis Borken","site":"Bocholt","start":"2011-03-01","end":"2012-02-29",
             "participantPlaces":4}""";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Test
    void givenMalformedJson_whenPosted_then422WithLineAndColumn() {
        String broken = "{\n  \"name\": \"x\",\n  oops: 1}";
        JsonNode problem = assertProblem(api.postJson("admin", "/api/pilots", broken), 422);
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("column").asInt()).isBetween(3, 4);
        assertThat(problem.get("errors")).isNotEmpty();
        assertThat(problem.get("detail").asText()).contains("line 3");

        JsonNode cut = assertProblem(api.postJson("admin", "/api/pilots", "{\"name\": \"" + "y".repeat(500)), 422);
        assertThat(cut.get("line").asInt()).isEqualTo(1);
        assertThat(cut.toString()).doesNotContain("y".repeat(61));
        for (String notAnObject : List.of("", "null", "[]", "42", "\"text\"")) {
            assertProblem(api.postJson("admin", "/api/pilots", notAnObject), 422);
        }
    }

    @Test
    void givenAByteOrderMark_whenJsonOrCsvIsPosted_thenItIsAccepted() {
        Api.Response defined = api.sendBytes("admin", "POST", "/api/pilots", "application/json",
                concat(BOM, PILOT.getBytes(StandardCharsets.UTF_8)), Map.of());
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        String pilot = defined.json().get("pilotId").asText();

        byte[] csv = concat(BOM, Populations.csv(Populations.uniquePrefix(), 12, 3).getBytes(StandardCharsets.UTF_8));
        Api.Response imported = api.sendBytes("steward", "POST", "/api/pilots/" + pilot + "/population", "text/csv",
                csv, Map.of());
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("accepted").asInt()).isEqualTo(12);
    }

    @Test
    void givenASemicolonSeparatedFileFromGermanExcel_whenImported_thenOneErrorSaysWhatToChange() {
        String pilot = definePilot(4);
        String semicolons = Populations.csv(Populations.uniquePrefix(), 30, 5).replace(',', ';');
        JsonNode problem = assertProblem(api.postCsv("steward", "/api/pilots/" + pilot + "/population", semicolons),
                422);
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("';'").contains("comma");

        JsonNode facts = assertProblem(api.postCsv("steward", "/api/facts",
                "person;type;effective_date\nP-1;CONTACT;2011-03-01\n"), 422);
        assertThat(facts.get("errors")).hasSize(1);
        assertThat(facts.get("errors").get(0).get("message").asText()).contains("';'");
    }

    @Test
    void givenAFileThatIsNotUtf8_whenImported_thenOneErrorSaysHowToSaveIt() {
        String pilot = definePilot(4);
        String prefix = Populations.uniquePrefix();
        // Windows-1252 (German Excel's "CSV"): a bad row early, the first non-UTF-8 byte far down the file
        String rows = Populations.csv(prefix, 3000, 9).replaceFirst(prefix + "000001,[A-Z]+,", prefix + "000001,X,");
        int far = rows.indexOf(prefix + "002900,");
        String latin = rows.substring(0, far) + "Müller-" + rows.substring(far);
        JsonNode problem = assertProblem(api.sendBytes("steward", "POST", "/api/pilots/" + pilot + "/population",
                "text/csv", latin.getBytes(Charset.forName("windows-1252")), Map.of()), 422);
        assertThat(problem.get("errors")).as(problem.toString()).hasSize(1);
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("UTF-8").contains("save");

        // Excel's "Unicode text" is UTF-16 with a byte order mark
        JsonNode utf16 = assertProblem(api.sendBytes("steward", "POST", "/api/pilots/" + pilot + "/population",
                "text/csv", utf16le(Populations.csv(prefix, 3, 1)), Map.of()), 422);
        assertThat(utf16.get("errors")).hasSize(1);
        assertThat(utf16.get("errors").get(0).get("message").asText()).contains("UTF-16").contains("UTF-8");
        assertThat(eventsOf(pilot)).isEqualTo(1);
    }

    @Test
    void givenUnknownFieldsInAnyJsonWriteBody_whenPosted_then422NamingEach() {
        String pilot = definePilot(4);
        JsonNode define = assertProblem(api.postJson("admin", "/api/pilots", PILOT.replace("}",
                ",\"colour\":\"red\",\"eligibility\":{\"minMonthsInReceiptOfLast24\":21,\"shoeSize\":44}}")), 422);
        assertThat(fields(define)).contains("colour", "eligibility.shoeSize");
        assertThat(fields(assertProblem(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"A\",\"room\":\"12\"}"), 422))).contains("room");
        assertThat(fields(assertProblem(api.postJson("admin", "/api/pilots/" + pilot + "/assignments",
                "{\"person\":\"P-1\",\"caseworker\":\"caseworker1\",\"since\":\"x\"}"), 422))).contains("since");
        String person = Populations.uniquePrefix() + "000000";
        api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(person.substring(0, person.length() - 6), 2, 1));
        assertThat(fields(assertProblem(api.postJson("steward", "/api/persons/" + person + "/facts",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-03-07\",\"channel\":\"PHONE\","
                        + "\"outcome\":\"ATTENDED\",\"mood\":\"good\"}"), 422))).contains("mood");
    }

    @Test
    void givenUnknownQueryParameters_whenCallingAnyEndpoint_then400NamingThem() {
        String pilot = definePilot(4);
        JsonNode list = assertProblem(api.get("admin", "/api/pilots?sort=name&limit=5"), 400);
        assertThat(fields(list)).containsExactlyInAnyOrder("sort", "limit");
        assertThat(fields(assertProblem(api.get("evaluator", "/api/pilots/" + pilot
                + "/cohort?validAt=2011-06-01&pageSize=10"), 400))).containsExactly("pageSize");
        assertThat(fields(assertProblem(api.postJson("admin", "/api/pilots?dryRun=true", PILOT), 400)))
                .containsExactly("dryRun");
        assertThat(fields(assertProblem(api.postCsv("steward", "/api/pilots/" + pilot + "/population?dryrun=true",
                Populations.csv(Populations.uniquePrefix(), 3, 1)), 400))).containsExactly("dryrun");
        assertThat(eventsOf(pilot)).isEqualTo(1);

        // the parameters each endpoint declares, and minPosition and wait on every read, are welcome
        Api.Response dryRun = api.postCsv("steward", "/api/pilots/" + pilot + "/population?dryRun=true",
                Populations.csv(Populations.uniquePrefix(), 3, 1));
        assertThat(dryRun.status()).isEqualTo(200);
        String position = dryRun.raw().headers().firstValue("Registry-Position").orElseThrow();
        assertThat(api.get("admin", "/api/pilots/" + pilot + "?minPosition=" + position + "&wait=PT10S").status())
                .isEqualTo(200);
        assertThat(api.get("admin", "/api/pilots?minPosition=0&wait=PT1S").status()).isEqualTo(200);
        assertThat(api.get("evaluator", "/api/outcomes?pilot=" + pilot + "&pilot=" + pilot + "&knownAt=2011-09-01")
                .status()).isNotEqualTo(400);
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsText("field");
    }

    private static byte[] utf16le(String text) {
        return concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(first);
        both.writeBytes(second);
        return both.toByteArray();
    }
}

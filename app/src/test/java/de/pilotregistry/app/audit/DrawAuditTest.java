package de.pilotregistry.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The draw re-checked as an auditor would: by the registry from the pilot's events, and by the independent Python
 * reimplementation in docs/ from the published inputs, for a draw made over HTTP.
 */
class DrawAuditTest extends RegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("..", "docs", "verify_draw.py").toAbsolutePath().normalize();

    @TempDir
    Path files;

    @Test
    void givenADrawMadeOverHttp_whenTheAuditorVerifiesIt_thenCommitmentAndGroupsMatch() {
        String pilot = drawnPilot(10, 60);

        Api.Response verified = api.get("auditor", "/api/audit/pilots/" + pilot + "/draw/verify");

        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.json().get("commitmentMatches").asBoolean()).isTrue();
        assertThat(verified.json().get("groupsMatch").asBoolean()).isTrue();
        assertThat(verified.json().get("firstDifference").isNull()).isTrue();
    }

    @Test
    void givenTheInputsOfADraw_whenRepeatedByThePythonScript_thenItMatchesAndAChangedInputDoesNot() throws Exception {
        assumeTrue(python(), "python3 is not installed");
        String pilot = drawnPilot(10, 60);
        JsonNode inputs = inputs(pilot);
        assertThat(inputs.get("algorithm").asText()).isEqualTo("sha256-rank-stratified-proportional-v2");
        assertThat(inputs.get("eligible")).hasSize(54); // every tenth person of the file is not long-term in receipt
        assertThat(inputs.get("participants")).hasSize(10);
        assertThat(inputs.get("comparison")).hasSize(10);

        Run match = runScript(inputs);
        assertThat(match.exitCode()).as(match.output()).isZero();
        assertThat(match.output()).startsWith("MATCH: 10 participants and 10 comparison persons from 54 eligible");

        ObjectNode swapped = inputs.deepCopy();
        String participant = swapped.get("participants").get(0).asText();
        ((ArrayNode) swapped.get("participants")).set(0, swapped.get("comparison").get(0));
        ((ArrayNode) swapped.get("comparison")).set(0, JSON.getNodeFactory().textNode(participant));
        Run mismatch = runScript(swapped);
        assertThat(mismatch.exitCode()).isEqualTo(1);
        assertThat(mismatch.output()).startsWith("MISMATCH: participants[0]: recorded " + swapped.get("participants")
                .get(0).asText());

        ObjectNode otherSeed = inputs.deepCopy();
        otherSeed.put("seed", "00".repeat(32));
        assertThat(runScript(otherSeed).output()).contains("the seed does not match the commitment");
    }

    @Test
    void givenStrataTooSmallToShareEqually_whenRepeatedByThePythonScript_thenOneSidedSeatsMatchToo() throws Exception {
        assumeTrue(python(), "python3 is not installed");
        // 23 eligible persons spread over up to 24 strata for 11 places each side: most strata hold one person, so
        // the seats go one-sided and the last-resort step fills the rest.
        String pilot = drawnPilot(11, 25);
        JsonNode inputs = inputs(pilot);
        assertThat(inputs.get("eligible")).hasSize(23);
        boolean oneSided = false;
        for (JsonNode stratum : inputs.get("allocation")) {
            oneSided |= stratum.get("participants").asInt() != stratum.get("comparison").asInt();
        }
        assertThat(oneSided).as("some stratum holds more persons in one group than in the other").isTrue();

        Run match = runScript(inputs);

        assertThat(match.exitCode()).as(match.output()).isZero();
        assertThat(api.get("auditor", "/api/audit/pilots/" + pilot + "/draw/verify").json().get("groupsMatch")
                .asBoolean()).isTrue();
    }

    @Test
    void givenOtherRolesAndPilots_whenAskingForTheDrawAudit_thenOnlyAuditorsOfDrawnPilotsGetIt() {
        String undrawn = definePilot(5);
        for (String user : new String[]{"admin", "evaluator", "steward"}) {
            assertThat(api.get(user, "/api/audit/pilots/" + undrawn + "/draw/inputs").status()).isEqualTo(403);
            assertThat(api.get(user, "/api/audit/pilots/" + undrawn + "/draw/verify").status()).isEqualTo(403);
        }
        Api.Response notDrawn = api.get("auditor", "/api/audit/pilots/" + undrawn + "/draw/verify");
        assertThat(notDrawn.status()).isEqualTo(409);
        assertThat(notDrawn.contentType()).startsWith("application/problem+json");
        assertThat(api.get("auditor", "/api/audit/pilots/no-such-pilot/draw/inputs").status()).isEqualTo(404);
    }

    private String drawnPilot(int places, int persons) {
        String pilot = definePilot(places);
        Api.Response imported = api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(Populations.uniquePrefix(), persons, 11));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        Api.Response drawn = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        assertThat(drawn.status()).as(drawn.toString()).isEqualTo(201);
        return pilot;
    }

    private JsonNode inputs(String pilot) {
        Api.Response inputs = api.get("auditor", "/api/audit/pilots/" + pilot + "/draw/inputs");
        assertThat(inputs.status()).as(inputs.toString()).isEqualTo(200);
        return inputs.json();
    }

    private record Run(int exitCode, String output) {
    }

    private Run runScript(JsonNode inputs) throws IOException, InterruptedException {
        Path file = Files.createTempFile(files, "inputs", ".json");
        Files.writeString(file, JSON.writeValueAsString(inputs));
        Process process = new ProcessBuilder("python3", SCRIPT.toString(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static boolean python() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}

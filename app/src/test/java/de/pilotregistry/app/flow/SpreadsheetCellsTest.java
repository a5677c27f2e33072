package de.pilotregistry.app.flow;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every CSV the registry writes neutralises cells a spreadsheet would run as a formula (CSV injection). */
class SpreadsheetCellsTest extends RegistryTest {

    @Test
    void givenPseudonymsThatStartLikeFormulas_whenTheCohortIsDownloadedAsCsv_thenNoCellRunsAsAFormula() {
        String pilot = definePilot(5);
        String prefix = "-1-" + Populations.uniquePrefix(); // a valid identifier, and "-1-…" to Excel
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 30, 5))
                .status()).isEqualTo(200);
        Api.Response drawn = api.send("admin", "POST", "/api/pilots/" + pilot + "/draw", null, null, null);
        assertThat(drawn.status()).isEqualTo(201);
        String position = drawn.raw().headers().firstValue("Registry-Position").orElseThrow();

        Api.Response cohort = api.getCsv("admin", "/api/pilots/" + pilot + "/cohort?minPosition=" + position);
        assertThat(cohort.status()).isEqualTo(200);
        List<String> rows = cohort.body().lines().skip(1).toList();
        assertThat(rows).hasSize(30).allSatisfy(row -> assertThat(row).startsWith("'" + prefix));
        assertThat(rows.stream().flatMap(row -> List.of(row.split(",")).stream()))
                .noneMatch(cell -> cell.matches("^[=+\\-@\\t\\r].*"));
    }
}

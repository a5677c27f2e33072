package de.pilotregistry.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.ProcessTest;
import org.junit.jupiter.api.Test;

import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo} as a newcomer runs it (a small scenario here): the three Borken pilots played through the API, the
 * outcome tables printed, the registry serving; a second run on the same data directory plays nothing again.
 */
class DemoTest extends ProcessTest {

    @Test
    void givenAFreshDataDirectory_whenTheDemoRunsTwice_thenThePilotsAreThereOnceWithTheirDeliveriesAndTables()
            throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Process first = registries.start(port, "demo", "--persons=900", "--months=3", "--seed=7");
        String printed = awaitDemo(0, first);
        assertThat(printed).contains("population of Bocholt: 540 persons", "draw at Velen: 50 participants",
                "assigned 150 participants at Bocholt to 3 caseworkers (1:50)", "delivery 2011-04");
        for (String site : new String[]{"Bocholt", "Isselburg", "Velen"}) {
            assertThat(printed).containsPattern("(?m)^" + site + " \\(pilot .+\\), 2011-03-01 to 2012-02-29");
        }
        assertThat(printed).containsPattern("(?m)^  EXIT +\\d+/150 ");

        JsonNode pilots = api.get("admin", "/api/pilots").json();
        assertThat(pilots).hasSize(3);
        JsonNode deliveries = api.get("evaluator", "/api/deliveries").json();
        assertThat(deliveries.get(0).get("source").asText()).isEqualTo("Bestand Bocholt 2011-02.csv");
        assertThat(deliveries.size()).as("three populations and the monthly fact files").isGreaterThan(3 + 3);

        first.destroy();
        assertThat(first.waitFor()).as("ended by SIGTERM").isIn(0, 143);
        Process second = registries.start(port, "demo", "--persons=900", "--months=3", "--seed=7");
        String again = awaitDemo(1, second);
        assertThat(again).contains("nothing is played again");
        assertThat(tables(again)).as("the tables are as known after the last delivery, final on every run")
                .isEqualTo(tables(printed));
        assertThat(api.get("admin", "/api/pilots").json()).hasSize(3);
        assertThat(api.get("evaluator", "/api/deliveries").json()).hasSize(deliveries.size());
    }

    /** The printed outcome tables, from the first site's heading to the address line. */
    private static String tables(String log) {
        return log.substring(log.indexOf("\nBocholt (pilot"), log.indexOf("The registry keeps serving"));
    }
}

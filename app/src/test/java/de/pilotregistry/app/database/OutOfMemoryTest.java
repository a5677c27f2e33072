package de.pilotregistry.app.database;

import de.pilotregistry.app.OutOfMemoryGuard;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.ProcessTest;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry that runs out of heap (started without -XX:+ExitOnOutOfMemoryError) ends instead of staying alive
 * but deaf, and the next start recovers with every acknowledged event.
 */
class OutOfMemoryTest extends ProcessTest {

    @Test
    void givenASmallHeap_whenAnImportExhaustsIt_thenTheProcessEndsAndTheNextStartRecovers() throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Process small = registries.startWith(Map.of(), List.of("-Xmx96m"), port);
        awaitHealthy(api, small);
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Velen","jobcenter":"Kreis Borken","site":"Velen","start":"2011-03-01",
                 "end":"2012-02-29","participantPlaces":5}""");
        String pilot = defined.json().get("pilotId").asText();
        // Imports work in bounded memory (a 300,000-row file goes through a 128 MB heap); the draw holds every
        // eligible person (360,000 here), which a 96 MB heap cannot. Wherever the memory runs out, the process ends.
        String huge = Populations.csv(Populations.uniquePrefix(), 400_000, 1);
        Api.Response imported = null;
        try {
            imported = api.postCsv("steward", "/api/pilots/" + pilot + "/population", huge);
            imported = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        } catch (UncheckedIOException connectionLost) {
            // the process ended mid-request
        }
        assertThat(small.waitFor(120, TimeUnit.SECONDS)).as("the process ends; the import or draw answered " + imported)
                .isTrue();
        assertThat(small.exitValue()).isEqualTo(OutOfMemoryGuard.EXIT_CODE);

        Process again = registries.start(port);
        awaitHealthy(api, again);
        assertThat(api.get("admin", "/api/pilots/" + pilot + "?minPosition=1&wait=PT20S").status()).isEqualTo(200);
    }
}

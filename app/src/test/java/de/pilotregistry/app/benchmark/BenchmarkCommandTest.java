package de.pilotregistry.app.benchmark;

import de.pilotregistry.app.PilotRegistryApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's benchmark command as a user types it, on a tiny data set: it starts its own registry (with the demo
 * users it logs in as), and prints its figures. It once refused to start, as a registry without passwords does.
 */
class BenchmarkCommandTest {

    @TempDir
    Path logs;

    @Test
    void givenTheFeedBenchmark_whenRunAsDocumented_thenItPrintsTheFeedsThroughput() throws Exception {
        Path log = logs.resolve("benchmark-feed.log");
        Path temporary = Files.createDirectories(logs.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path"), PilotRegistryApplication.class.getName(),
                "benchmark-feed", "200", "2000").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_DATASOURCE_")
                || name.startsWith("REGISTRY_SECURITY_"));
        Process benchmark = builder.start();
        boolean ended = benchmark.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            benchmark.destroyForcibly();
        }
        String printed = Files.readString(log);
        assertThat(ended).as(printed).isTrue();
        assertThat(benchmark.exitValue()).as(printed).isZero();
        assertThat(printed.lines().filter(line -> line.matches("feed, pages of \\d+: \\d+ events in .* events/s over HTTP"))
                .toList()).as(printed).hasSize(List.of(1000, 1000, 100, 1000).size());
        assertThat(printed.lines().filter(line -> line.matches("feed, server-sent events: \\d+ events, .* events/s"))
                .toList()).as(printed).hasSize(2);
        try (var left = Files.list(temporary)) {
            assertThat(left.map(Path::getFileName).map(Path::toString)
                    .filter(name -> name.startsWith("pilot-registry-"))).as("its data directory is deleted").isEmpty();
        }
    }
}

package de.pilotregistry.app.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A test that runs registries as real processes on a data directory of its own, stopped after each test. */
public abstract class ProcessTest {

    @TempDir
    protected Path dataDir;

    protected RegistryProcesses registries;

    @BeforeEach
    void processes() {
        registries = new RegistryProcesses(dataDir);
    }

    @AfterEach
    void stopProcesses() throws Exception {
        registries.stopAll();
    }

    /** Waits until the {@code demo} command of the {@code run}-th process has played and serves; its output so far. */
    protected String awaitDemo(int run, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            String log = Files.exists(registries.log(run)) ? Files.readString(registries.log(run)) : "";
            if (log.contains("The registry keeps serving")) {
                return log;
            }
            assertThat(process.isAlive()).as("the demo ended early:\n" + log).isTrue();
            Thread.sleep(500);
        }
        throw new AssertionError("the demo did not finish in time");
    }
}

package de.pilotregistry.app.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
}

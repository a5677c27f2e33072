package de.pilotregistry.app.database;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * One registry per data directory. Taken as soon as the configuration is known, before any bean (and so
 * before the embedded PostgreSQL or the recovery of an orphaned one) is touched: a second process on the same
 * directory must leave the running registry and its database alone. The operating system releases the lock
 * when the process ends, however it ends, so a crashed registry never blocks the next start.
 */
public final class DataDirectoryLock implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** Exit code of a registry that found its data directory in use. */
    public static final int IN_USE = 3;
    static final String FILE = "registry.lock";

    private static FileChannel channel;
    private static FileLock lock;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        Path dataDir = Path.of(environment.getProperty("registry.data-dir", "./data")).toAbsolutePath().normalize();
        // Pinned, with an external PostgreSQL too (the audit signing key and uploads live there): a value such as
        // ${random.uuid} (the tests' choice) would name another directory at every read.
        environment.getPropertySources().addFirst(new MapPropertySource("registryDataDirectory",
                Map.of("registry.data-dir", dataDir.toString())));
        if (!environment.getProperty("spring.datasource.url", "").isEmpty()) {
            return; // an external PostgreSQL guards itself; no embedded server to protect
        }
        String refusal = acquire(dataDir);
        if (refusal != null) {
            System.err.println(refusal);
            System.exit(IN_USE);
        }
    }

    /** @return null when this process now holds the directory, else the one-line reason it does not */
    static synchronized String acquire(Path dataDir) {
        if (lock != null) {
            return null; // held already (a second context in the same JVM, as in tests)
        }
        try {
            Files.createDirectories(dataDir);
            FileChannel file = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock held = file.tryLock();
            if (held == null) {
                String holder = new String(Files.readAllBytes(dataDir.resolve(FILE)), StandardCharsets.UTF_8).trim();
                file.close();
                return "pilot-registry: the data directory " + dataDir + " is in use by another registry"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + "; stop it first or choose another --registry.data-dir";
            }
            file.truncate(0);
            file.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            file.force(true);
            channel = file;
            lock = held;
            return null;
        } catch (IOException e) {
            return "pilot-registry: cannot lock the data directory " + dataDir + ": " + e.getMessage();
        }
    }
}

package de.pilotregistry.app.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL runs as its own process. When the registry is killed (kill -9, power cut),
 * that server can stay up holding the data directory, and the next start would fail on its lock file.
 */
final class StaleServer {

    private static final Logger log = LoggerFactory.getLogger(StaleServer.class);
    private static final Duration SMART_SHUTDOWN = Duration.ofSeconds(30);

    private StaleServer() {
    }

    static void shutDownIfLeftRunning(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> server = pidOf(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(StaleServer::isPostgres);
        if (server.isEmpty()) {
            // PostgreSQL ignores a lock file whose process is gone; nothing to do.
            return;
        }
        ProcessHandle process = server.get();
        log.warn("An embedded PostgreSQL (pid {}) from an earlier run still holds {}; shutting it down",
                process.pid(), dataDirectory);
        process.destroy(); // SIGTERM: smart shutdown; its only client, the old registry, is gone
        try {
            process.onExit().get(SMART_SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception notYet) {
            log.warn("PostgreSQL pid {} did not stop in {}; killing it (it recovers from its WAL on start)",
                    process.pid(), SMART_SHUTDOWN);
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private static Optional<Long> pidOf(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.contains("postgres")).orElse(true);
    }
}

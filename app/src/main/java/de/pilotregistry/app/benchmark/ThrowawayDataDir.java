package de.pilotregistry.app.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's data directory (embedded PostgreSQL, key files): made for one run, deleted after it. */
final class ThrowawayDataDir {

    private ThrowawayDataDir() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Deletes the directory after the registry closed (a 1,000,000-event run leaves gigabytes otherwise). */
    static void delete(Path dataDir) {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the benchmark's data directory " + dataDir, e);
        }
    }
}

package de.pilotregistry.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** Secrets kept in files outside the database (mode 0600, created at the first start). */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * The text of {@code file}; when it does not exist yet, {@code initial} is written first. Written with mode 0600
     * from the start into a temporary file and then moved into place: never readable by others, never half there.
     * Another process on the same directory that was first wins, and its secret is read.
     */
    public static String readOrCreate(Path file, Supplier<String> initial) {
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path temporary = Files.createTempFile(dir, ".secret", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(temporary, initial.get(), StandardCharsets.US_ASCII);
                    Files.move(temporary, file); // a rename in the same directory; refuses to replace a secret
                } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                    // use theirs
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + file, e);
        }
    }
}

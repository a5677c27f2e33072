package de.pilotregistry.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** Key files the registry makes at its first start: readable only by its own user, never half written. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /** The file's text; when there is no file yet, {@code content} is written to it first (mode 0600). */
    public static String readOrCreate(Path file, Supplier<String> content) {
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                // Written with mode 0600 from the start, then moved into place: never readable by others, never half
                // there.
                Path temporary = Files.createTempFile(dir, ".key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(temporary, content.get(), StandardCharsets.US_ASCII);
                    Files.move(temporary, file); // a rename in one directory; refuses to replace an existing key
                } catch (FileAlreadyExistsException anotherNodeWasFirst) {
                    // another process on the same directory created it meanwhile: use theirs
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }
}

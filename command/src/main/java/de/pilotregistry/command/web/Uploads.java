package de.pilotregistry.command.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Uploaded files on disk instead of in the heap: an import reads its file twice (first every cell is checked, then,
 * in the transaction, rows are decided and appended chunk by chunk), so its memory does not grow with the file.
 * The files hold social data: they live in the data directory ({@code uploads/}, mode 0700, files 0600), are deleted
 * when the request ends, and what a killed process left behind is deleted at the next start (the data directory's
 * lock guarantees that no other registry uses the directory).
 */
@Component
public class Uploads {

    /** One uploaded file; closing deletes it. */
    public static final class Upload implements AutoCloseable {

        private final Path file;

        private Upload(Path file) {
            this.file = file;
        }

        /** The file as strict UTF-8 text, from its start (see {@link CsvFiles#utf8}). */
        public BufferedReader open() throws IOException {
            return CsvFiles.utf8(Files.newInputStream(file));
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final String PREFIX = "upload-";

    private final Path directory;

    Uploads(@Value("${registry.data-dir:}") String dataDir) throws IOException {
        this.directory = (dataDir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "pilot-registry")
                : Path.of(dataDir)).resolve("uploads").toAbsolutePath();
        Files.createDirectories(directory);
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // the directory's own permissions then apply
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** Copies a request body to disk (the body's size limit applies while it is read). */
    public Upload spool(InputStream body) throws IOException {
        Path file = Files.createTempFile(directory, PREFIX, ".csv"); // mode 0600 on POSIX
        Upload upload = new Upload(file);
        try {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            return upload;
        } catch (IOException | RuntimeException e) {
            upload.close();
            throw e;
        }
    }
}

package de.pilotregistry.app.database;

import de.pilotregistry.platform.SecretFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The embedded server's superuser password: generated at the first start, kept in
 * {@code <data-dir>/postgres-password} (mode 0600, readable by the registry's own user only). The server's
 * {@code pg_hba.conf} then asks every connection, local socket and TCP alike, for it (SCRAM-SHA-256): another
 * local process cannot read the draw seeds without it.
 */
final class DatabasePassword {

    static final String FILE = "postgres-password";
    private static final Logger log = LoggerFactory.getLogger(DatabasePassword.class);
    static final String HBA = """
            # Written by the Pilot Registry at every start: password (SCRAM) for every connection, trust for none.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private final Path file;

    private DatabasePassword(Path file) {
        this.file = file;
    }

    static DatabasePassword in(Path registryDir) {
        return new DatabasePassword(registryDir.resolve(FILE));
    }

    String read() throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /**
     * Starts the server so that it asks for the password. On the first start (no password file yet) the
     * server is fresh from initdb, which trusts local users: the password is written to its file first, then set
     * for the superuser while nothing else exists in the database, then pg_hba.conf is replaced and reloaded.
     */
    EmbeddedPostgres startWith(EmbeddedPostgres.Builder builder, Path pgData) throws IOException {
        if (Files.exists(file)) {
            String password = read();
            return builder.setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                    .start();
        }
        String password = generate();
        EmbeddedPostgres postgres = builder.start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("alter role " + EmbeddedPostgresConfiguration.SUPERUSER + " password '" + password + "'");
            writeHba(pgData);
            statement.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("could not set the password of the embedded PostgreSQL", e);
        }
        log.info("The embedded PostgreSQL now asks for a password; it is kept in {}", file);
        return postgres;
    }

    /** The password file, made now with a random password (by {@link SecretFiles}, as every secret file). */
    private String generate() {
        return SecretFiles.readOrCreate(file, () -> {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            return HexFormat.of().formatHex(random) + "\n";
        }).trim();
    }

    private static void writeHba(Path pgData) {
        try {
            Files.writeString(pgData.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

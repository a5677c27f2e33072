package de.pilotregistry.app.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import de.pilotregistry.query.audit.Checkpoint;
import de.pilotregistry.query.audit.LogVerification;
import de.pilotregistry.query.audit.NoteVerifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code verify --jdbc-url URL [--user U] [--password P] [--checkpoint FILE] [--verifier-key KEY]}: the audit log's
 * verification on any copy of the database, without starting the registry. Prints the result as JSON; exit code 0
 * when everything matches, 1 on a mismatch, 2 when it cannot verify (usage, connection, unreadable checkpoint).
 */
public final class OfflineVerify {

    static final int MATCHES = 0;
    static final int MISMATCH = 1;
    static final int CANNOT_VERIFY = 2;
    private static final Set<String> OPTIONS = Set.of("jdbc-url", "user", "password", "checkpoint", "verifier-key");

    private OfflineVerify() {
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: verify --jdbc-url jdbc:postgresql://HOST:PORT/DB [--user U] [--password P "
                    + "(default: $PGPASSWORD)] [--checkpoint FILE] [--verifier-key NAME+ID+KEY]");
            return CANNOT_VERIFY;
        }
        try {
            Checkpoint kept = options.containsKey("checkpoint")
                    ? Checkpoint.parse(Files.readString(Path.of(options.get("checkpoint")), StandardCharsets.UTF_8))
                    : null;
            NoteVerifier verifier = options.containsKey("verifier-key")
                    ? NoteVerifier.parse(options.get("verifier-key")) : null;
            if (verifier == null) {
                err.println("No --verifier-key: checking hashes and roots, not the checkpoints' signatures.");
            }
            SingleConnectionDataSource database = new SingleConnectionDataSource(options.get("jdbc-url"),
                    options.getOrDefault("user", environment.getOrDefault("PGUSER", "postgres")),
                    options.getOrDefault("password", environment.getOrDefault("PGPASSWORD", "")), true);
            LogVerification.Result result;
            try {
                result = new LogVerification(new JdbcTemplate(database)).verify(verifier, kept);
            } finally {
                database.destroy();
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
            return result.firstMismatch() == null ? MATCHES : MISMATCH;
        } catch (IOException | RuntimeException e) {
            err.println("cannot verify: " + e.getMessage());
            return CANNOT_VERIFY;
        }
    }

    /** {@code --name value} or {@code --name=value}. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : arg.substring(2);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option: --" + name);
            }
            if (arg.contains("=")) {
                options.put(name, arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        if (!options.containsKey("jdbc-url")) {
            throw new IllegalArgumentException("--jdbc-url is required");
        }
        return options;
    }
}

package de.pilotregistry.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.RegistryTest;
import de.pilotregistry.app.support.Rfc9162Verifier;
import com.zaxxer.hikari.HikariDataSource;
import de.pilotregistry.app.PilotRegistryApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tried as an auditor would: keep a checkpoint, check proofs with an own verifier, then alter and delete a stored
 * event as the database superuser with the trigger switched off, and see verification name it.
 */
class AuditLogTest extends RegistryTest {

    /** The leaf hash of an event computed by PostgreSQL alone, as docs/audit-log.md shows it. */
    static final String LEAF_HASH_SQL = """
            select sha256('\\x00'::bytea
                || int8send(globalindex)
                || coalesce(int4send(octet_length(aggregateidentifier)) || convert_to(aggregateidentifier, 'UTF8'), '\\xffffffff')
                || int8send(sequencenumber)
                || coalesce(int4send(octet_length(type)) || convert_to(type, 'UTF8'), '\\xffffffff')
                || coalesce(int4send(octet_length(eventidentifier)) || convert_to(eventidentifier, 'UTF8'), '\\xffffffff')
                || coalesce(int4send(length(metadata)) || metadata, '\\xffffffff')
                || coalesce(int4send(length(payload)) || payload, '\\xffffffff')
                || coalesce(int4send(octet_length(payloadrevision)) || convert_to(payloadrevision, 'UTF8'), '\\xffffffff')
                || coalesce(int4send(octet_length(payloadtype)) || convert_to(payloadtype, 'UTF8'), '\\xffffffff')
                || coalesce(int4send(octet_length(timestamp)) || convert_to(timestamp, 'UTF8'), '\\xffffffff'))
            from domainevententry where globalindex = ?""";

    @Value("${registry.data-dir}")
    String dataDir;

    @Autowired
    DataSource dataSource;

    @Test
    void onlyAuditorsReadTheAuditLog() {
        for (String path : List.of("/api/audit/verify", "/api/audit/checkpoints/key",
                "/api/audit/checkpoints/latest", "/api/audit/proofs/consistency?from=1&to=1")) {
            assertThat(api.get("evaluator", path).status()).as(path).isEqualTo(403);
            assertThat(api.get("admin", path).status()).as(path).isEqualTo(403);
            assertThat(api.get(null, path).status()).as(path).isEqualTo(401);
        }
        assertThat(api.get("auditor", "/api/audit/checkpoints/key").status()).isEqualTo(200);
    }

    @Test
    void checkpointsAreSignedByThePublishedKeyAndEveryProofVerifies() throws Exception {
        definePilot(3);
        JsonNode latest = caughtUp();
        long size = latest.get("treeSize").asLong();
        byte[] root = Base64.getDecoder().decode(latest.get("rootHash").asText());

        JsonNode key = api.get("auditor", "/api/audit/checkpoints/key").json();
        String note = latest.get("checkpoint").asText();
        String[] lines = note.split("\n");
        assertThat(lines[0]).isEqualTo(key.get("name").asText());
        assertThat(lines[1]).isEqualTo(Long.toString(size));
        assertThat(lines[2]).isEqualTo(latest.get("rootHash").asText());
        assertThat(lines[3]).startsWith("time ");
        assertThat(lines[4]).isEmpty();
        assertThat(lines[5]).startsWith("\u2014 " + key.get("name").asText() + " ");
        assertThat(key.get("verifierKey").asText()).startsWith(key.get("name").asText() + "+" + key.get("keyId").asText()
                + "+");
        byte[] signed = Base64.getDecoder().decode(lines[5].split(" ")[2]);
        assertThat(Arrays.copyOf(signed, 4)).isEqualTo(java.util.HexFormat.of().parseHex(key.get("keyId").asText()));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64
                .getMimeDecoder().decode(key.get("publicKeyPem").asText().replaceAll("-----[A-Z ]+-----", "")))));
        ed25519.update(note.substring(0, note.indexOf("\n\n") + 1).getBytes(StandardCharsets.UTF_8));
        assertThat(ed25519.verify(Arrays.copyOfRange(signed, 4, signed.length))).as("signature").isTrue();
        assertThat(api.send("auditor", "GET", "/api/audit/checkpoints/latest", null, null, "text/plain").body())
                .startsWith(lines[0] + "\n");

        Path keyFile = Path.of(dataDir, "audit-signing-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

        List<Long> positions = jdbc.queryForList("select globalindex from domainevententry order by globalindex",
                Long.class).subList(0, (int) size);
        for (long position : List.of(positions.get(0), positions.get((int) size / 2), positions.get((int) size - 1))) {
            JsonNode proof = api.get("auditor", "/api/audit/proofs/inclusion?position=" + position + "&treeSize="
                    + size).json();
            byte[] leafHash = jdbc.queryForObject(LEAF_HASH_SQL, byte[].class, position);
            assertThat(proof.get("leafHash").asText()).isEqualTo(Base64.getEncoder().encodeToString(leafHash));
            assertThat(Rfc9162Verifier.verifyInclusion(proof.get("leafIndex").asLong(), size, leafHash,
                    hashes(proof.get("auditPath")), root)).as("inclusion of %d", position).isTrue();
        }
        for (long from : List.of(1L, size / 2, size - 1, size)) {
            if (from < 1) {
                continue;
            }
            JsonNode proof = api.get("auditor", "/api/audit/proofs/consistency?from=" + from + "&to=" + size).json();
            assertThat(Rfc9162Verifier.verifyConsistency(from, size,
                    Base64.getDecoder().decode(proof.get("fromRoot").asText()), root, hashes(proof.get("proof"))))
                    .as("consistency %d to %d", from, size).isTrue();
        }

        JsonNode verified = api.get("auditor", "/api/audit/verify").json();
        assertThat(verified.get("firstMismatch").isNull()).as(verified.toString()).isTrue();
        assertThat(verified.get("eventsChecked").asLong()).isGreaterThanOrEqualTo(size);
        assertThat(verified.get("checkpointsChecked").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("auditor", "/actuator/prometheus").body()).contains("registry_audit_lag_positions",
                "registry_audit_tree_size_events");
    }

    @Test
    void anAlteredEventIsNamedByItsPositionAndNoLongerExtendsAKeptCheckpoint() {
        superuser(); // skipped without one
        long position = firstEventOf(definePilot(3));
        String kept = keptCheckpoint();
        withAlteredEvent(position, () -> {
            JsonNode verified = api.get("auditor", "/api/audit/verify").json();
            assertThat(verified.get("firstMismatch").get("position").asLong()).as(verified.toString())
                    .isEqualTo(position);
            assertThat(verified.get("firstMismatch").get("reason").asText()).contains("differs");
            JsonNode againstKept = verifyAgainst(kept);
            assertThat(againstKept.get("extendsKeptCheckpoint").asBoolean()).as(againstKept.toString()).isFalse();
            assertThat(againstKept.get("firstMismatch").get("position").asLong()).isEqualTo(position);
        });
        assertThat(api.get("auditor", "/api/audit/verify").json().get("firstMismatch").isNull()).isTrue();
        assertThat(verifyAgainst(kept).get("extendsKeptCheckpoint").asBoolean()).isTrue();
    }

    @Test
    void theOfflineCommandVerifiesADatabaseAndExitsNonZeroOnAMismatch(@TempDir Path dir) throws Exception {
        superuser(); // skipped without one
        long position = firstEventOf(definePilot(3));
        Path kept = Files.writeString(dir.resolve("kept.checkpoint"), keptCheckpoint());
        String verifierKey = api.get("auditor", "/api/audit/checkpoints/key").json().get("verifierKey").asText();

        Offline clean = offline(dir, "--checkpoint", kept.toString(), "--verifier-key", verifierKey);
        assertThat(clean.exitCode()).as(clean.output()).isZero();
        assertThat(clean.output()).contains("\"firstMismatch\" : null", "\"extendsKeptCheckpoint\" : true");

        withAlteredEvent(position, () -> {
            Offline altered = offline(dir, "--checkpoint=" + kept, "--verifier-key=" + verifierKey);
            assertThat(altered.exitCode()).as(altered.output()).isEqualTo(1);
            assertThat(altered.output()).contains("\"position\" : " + position + ",",
                    "\"extendsKeptCheckpoint\" : false");
        });
        Offline usage = offline(dir, "--checkpoint", kept.toString(), "--jdbc-url");
        assertThat(usage.exitCode()).as(usage.output()).isEqualTo(2);
    }

    record Offline(int exitCode, String output) {
    }

    /** {@code verify} as its own process on this test's database, as {@code java -jar pilot-registry.jar verify}. */
    private Offline offline(Path dir, String... options) {
        HikariDataSource database = (HikariDataSource) dataSource;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), PilotRegistryApplication.class.getName(),
                "verify", "--jdbc-url", database.getJdbcUrl(), "--user", database.getUsername()));
        command.addAll(List.of(options));
        try {
            Path output = dir.resolve("verify-" + System.nanoTime() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("PGPASSWORD", database.getPassword() == null ? "" : database.getPassword());
            Process process = builder.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("verify ends").isTrue();
            return new Offline(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Changes the pilot's name in the stored event, runs {@code check}, and puts the original bytes back. */
    private void withAlteredEvent(long position, Runnable check) {
        byte[] original = jdbc.queryForObject("select payload from domainevententry where globalindex = ?",
                byte[].class, position);
        try {
            asSuperuserWithoutTriggers("update domainevententry set payload = convert_to(replace(convert_from("
                    + "payload, 'UTF8'), 'Test pilot', 'Test pi1ot'), 'UTF8') where globalindex = ?", position);
            assertThat(jdbc.queryForObject("select payload from domainevententry where globalindex = ?",
                    byte[].class, position)).isNotEqualTo(original);
            check.run();
        } finally {
            asSuperuserWithoutTriggers("update domainevententry set payload = ? where globalindex = ?", original,
                    position);
        }
    }

    @Test
    void aDeletedEventIsNamedAsAGapAndNoLongerExtendsAKeptCheckpoint() {
        superuser(); // skipped without one
        long position = firstEventOf(definePilot(3));
        String kept = keptCheckpoint();
        Map<String, Object> row = jdbc.queryForMap("select * from domainevententry where globalindex = ?", position);
        try {
            asSuperuserWithoutTriggers("delete from domainevententry where globalindex = ?", position);

            JsonNode verified = api.get("auditor", "/api/audit/verify").json();
            assertThat(verified.get("firstMismatch").get("position").asLong()).as(verified.toString())
                    .isEqualTo(position);
            assertThat(verified.get("firstMismatch").get("reason").asText()).contains("missing", "deleted");
            assertThat(verifyAgainst(kept).get("extendsKeptCheckpoint").asBoolean()).isFalse();
        } finally {
            List<String> columns = new ArrayList<>(row.keySet());
            asSuperuserWithoutTriggers("insert into domainevententry (" + String.join(", ", columns) + ") values ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ")",
                    columns.stream().map(row::get).toArray());
        }
        assertThat(api.get("auditor", "/api/audit/verify").json().get("firstMismatch").isNull()).isTrue();
        assertThat(verifyAgainst(kept).get("extendsKeptCheckpoint").asBoolean()).isTrue();
    }

    @Test
    void theApplicationsOwnConnectionMayNotChangeOrRemoveEventsOrTheLog() {
        // the embedded server always separates the roles; an external one only when configured to (docs/audit-log.md)
        boolean embedded = Files.exists(Path.of(dataDir, "postgres-password"));
        assumeThat(embedded || !applicationIsSuperuser()).as("the application has a role of its own").isTrue();
        for (String sql : List.of("update domainevententry set type = type where false",
                "delete from domainevententry where false", "truncate domainevententry",
                "update audit_leaf set hash = hash where false", "delete from audit_checkpoint where false",
                "truncate audit_node", "alter table domainevententry disable trigger domainevententry_append_only",
                "set session_replication_role = replica")) {
            assertThatThrownBy(() -> jdbc.execute(sql)).as(sql).rootCause()
                    .hasMessageMatching("(?s).*(permission denied|must be owner).*");
        }
        assertThat(eventCount()).isPositive(); // and reading is allowed; appending is what every other test does
    }

    @Test
    void proofsOutsideTheTreeAndUnreadableCheckpointsAreRefusedByField() {
        definePilot(3);
        long size = caughtUp().get("treeSize").asLong();
        Api.Response tooLarge = api.get("auditor", "/api/audit/proofs/consistency?from=1&to=" + (size + 1_000_000));
        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(400);
        assertThat(tooLarge.json().get("errors").get(0).get("field").asText()).isEqualTo("to");
        Api.Response unknown = api.get("auditor", "/api/audit/proofs/inclusion?position=-5&treeSize=" + size);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        Api.Response unreadable = api.send("auditor", "POST", "/api/audit/verify", "text/plain", "a checkpoint?",
                null);
        assertThat(unreadable.status()).as(unreadable.toString()).isEqualTo(422);
        assertThat(unreadable.json().get("errors").get(0).get("field").asText()).isEqualTo("checkpoint");
    }

    private JsonNode caughtUp() {
        long[] size = {-1};
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Api.Response latest = api.get("auditor", "/api/audit/checkpoints/latest");
            size[0] = latest.status() == 200 ? latest.json().get("treeSize").asLong() : -1;
            return size[0] == eventCount();
        });
        return api.get("auditor", "/api/audit/checkpoints/latest").json();
    }

    private String keptCheckpoint() {
        caughtUp();
        return api.send("auditor", "GET", "/api/audit/checkpoints/latest", null, null, "text/plain").body();
    }

    private JsonNode verifyAgainst(String checkpoint) {
        Api.Response answer = api.send("auditor", "POST", "/api/audit/verify", "text/plain", checkpoint, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private long firstEventOf(String pilot) {
        return jdbc.queryForObject("select min(globalindex) from domainevententry where aggregateidentifier = ?",
                Long.class, pilot);
    }

    /**
     * A superuser's connection: the embedded server's (its password is in the data directory), or the application's
     * own when that is a superuser (an external PostgreSQL used with one user, as in CI); otherwise the test is skipped.
     */
    private JdbcTemplate superuser() {
        if (applicationIsSuperuser()) {
            return jdbc;
        }
        Path password = Path.of(dataDir, "postgres-password");
        assumeThat(password).as("the superuser's password (embedded PostgreSQL)").exists();
        try {
            // the pool's URL names its own user (zonky), which would win over the one given here
            String url = ((HikariDataSource) dataSource).getJdbcUrl().replaceAll("([?&])user=[^&]*&?", "$1");
            return new JdbcTemplate(new DriverManagerDataSource(url, "postgres", Files.readString(password).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean applicationIsSuperuser() {
        return jdbc.queryForObject("select rolsuper from pg_roles where rolname = current_user", Boolean.class);
    }

    /** What a dishonest operator can do: switch the triggers off for the session and change the table. */
    private void asSuperuserWithoutTriggers(String sql, Object... arguments) {
        superuser().execute((ConnectionCallback<Void>) connection -> {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                 PreparedStatement change = connection.prepareStatement(sql)) {
                statement.execute("set local session_replication_role = replica");
                for (int i = 0; i < arguments.length; i++) {
                    change.setObject(i + 1, arguments[i]);
                }
                assertThat(change.executeUpdate()).isEqualTo(1);
                connection.commit();
            } catch (RuntimeException | java.sql.SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return null;
        });
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(hash -> hashes.add(Base64.getDecoder().decode(hash.asText())));
        return hashes;
    }
}

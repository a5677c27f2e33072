package de.pilotregistry.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.ProcessTest;
import de.pilotregistry.app.support.StandInTsa;
import de.pilotregistry.query.audit.TimeStamping;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code registry.audit.tsa-url} set, every checkpoint gets an RFC 3161 time stamp from outside. A registry
 * process of its own: a second application context in the test JVM would pause the shared one, and Axon's
 * processors do not start again after a pause.
 */
class TimeStampedCheckpointsTest extends ProcessTest {

    @Test
    void checkpointsCarryATimeStampOfTheirNoteThatStandardToolsVerify(@TempDir Path dir) throws Exception {
        try (StandInTsa tsa = StandInTsa.start()) {
            int port = freePort();
            Process registry = registries.start(port, "--logging.level.root=WARN",
                    "--registry.audit.tsa-url=" + tsa.url(), "--registry.audit.checkpoint-interval=PT0.5S",
                    "--registry.audit.append-interval=PT0.1S");
            Api api = new Api(port);
            awaitHealthy(api, registry);
            checkTimeStamps(api, tsa, dir);
        }
    }

    private static void checkTimeStamps(Api api, StandInTsa tsa, Path dir) throws Exception {
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Stamped","jobcenter":"Kreis Borken","site":"Velen","start":"2011-03-01",
                 "end":"2012-02-29","participantPlaces":5}""");
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        JsonNode[] latest = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Response answer = api.get("auditor", "/api/audit/checkpoints/latest");
            latest[0] = answer.status() == 200 ? answer.json() : null;
            return latest[0] != null && !latest[0].get("timestamp").isNull();
        });
        String note = latest[0].get("checkpoint").asText();
        byte[] token = Base64.getDecoder().decode(latest[0].get("timestamp").asText());

        TimeStampToken stamp = new TimeStampToken(new CMSSignedData(token));
        assertThat(stamp.getTimeStampInfo().getMessageImprintDigest())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(note.getBytes(StandardCharsets.UTF_8)));
        assertThat(stamp.getTimeStampInfo().getGenTime().toInstant())
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(TimeStamping.problem(token, note)).isEmpty();
        assertThat(TimeStamping.problem(token, note.replace("\u2014", "-"))).isPresent(); // other bytes
        assertThat(tsa.served()).isPositive();

        Path tokenFile = Files.write(dir.resolve("checkpoint.tst"), token);
        Path noteFile = Files.writeString(dir.resolve("checkpoint"), note);
        Path certificate = Files.writeString(dir.resolve("tsa.pem"), tsa.certificatePem());
        if (Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            Process openssl = new ProcessBuilder("/usr/bin/openssl", "ts", "-verify", "-token_in", "-in",
                    tokenFile.toString(), "-data", noteFile.toString(), "-CAfile", certificate.toString())
                    .redirectErrorStream(true).start();
            assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(openssl.exitValue()).as(output).isZero();
            assertThat(output).contains("Verification: OK");
        }

        JsonNode verified = api.get("auditor", "/api/audit/verify").json();
        assertThat(verified.get("firstMismatch").isNull()).as(verified.toString()).isTrue();
        assertThat(verified.get("checkpointsChecked").asLong()).isPositive();
    }
}

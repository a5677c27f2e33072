package de.pilotregistry.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.RegistryTest;
import de.pilotregistry.app.support.StandInTsa;
import de.pilotregistry.query.audit.TimeStamping;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With {@code registry.audit.tsa-url} set, every checkpoint gets an RFC 3161 time stamp from outside. */
@DirtiesContext
class TimeStampedCheckpointsTest extends RegistryTest {

    static final StandInTsa TSA = StandInTsa.start();

    @DynamicPropertySource
    static void timeStampingAuthority(DynamicPropertyRegistry properties) {
        properties.add("registry.audit.tsa-url", TSA::url);
    }

    @AfterAll
    static void stopTsa() {
        TSA.close();
    }

    @Test
    void checkpointsCarryATimeStampOfTheirNoteThatStandardToolsVerify(@TempDir Path dir) throws Exception {
        definePilot(3);
        JsonNode[] latest = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Api.Response answer = api.get("auditor", "/api/audit/checkpoints/latest");
            latest[0] = answer.status() == 200 ? answer.json() : null;
            return latest[0] != null && latest[0].get("treeSize").asLong() == eventCount()
                    && !latest[0].get("timestamp").isNull();
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
        assertThat(TSA.served()).isPositive();

        Path tokenFile = Files.write(dir.resolve("checkpoint.tst"), token);
        Path noteFile = Files.writeString(dir.resolve("checkpoint"), note);
        Path certificate = Files.writeString(dir.resolve("tsa.pem"), TSA.certificatePem());
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

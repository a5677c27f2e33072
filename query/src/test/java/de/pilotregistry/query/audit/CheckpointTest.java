package de.pilotregistry.query.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void theKeyFileIsCreatedOnceWithMode0600AndKeptAfterwards() throws Exception {
        Path file = dir.resolve("keys/audit-signing-key");
        SigningKey first = SigningKey.loadOrCreate(file, "example.org/log");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SigningKey.loadOrCreate(file, "example.org/log").verifier().publicKey())
                .isEqualTo(first.verifier().publicKey());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void aCheckpointIsASignedNoteThatVerifiesWithThePublishedVerifierKey() throws Exception {
        SigningKey key = SigningKey.loadOrCreate(dir.resolve("key"), "example.org/log");
        byte[] root = MessageDigest.getInstance("SHA-256").digest("root".getBytes());
        Checkpoint checkpoint = Checkpoint.sign("example.org/log", 42, root, Instant.parse("2026-11-25T03:00:00Z"),
                key);

        String[] parts = checkpoint.note().split("\n\n");
        String body = parts[0] + "\n";
        assertThat(body).isEqualTo("example.org/log\n42\n" + Base64.getEncoder().encodeToString(root)
                + "\ntime 2026-11-25T03:00:00Z\n");
        assertThat(parts[1]).startsWith("\u2014 example.org/log ").endsWith("\n");

        // the verifier key as a note verifier reads it: name+keyid+base64(0x01 ‖ key)
        String[] verifier = key.verifier().verifierKey().split("\\+", 3);
        byte[] typed = Base64.getDecoder().decode(verifier[2]);
        assertThat(typed[0]).isEqualTo((byte) 1);
        byte[] publicKey = Arrays.copyOfRange(typed, 1, typed.length);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("example.org/log\n".getBytes());
        sha.update((byte) 1);
        byte[] keyId = Arrays.copyOf(sha.digest(publicKey), 4);
        assertThat(verifier[1]).isEqualTo(HexFormat.of().formatHex(keyId));

        byte[] signed = Base64.getDecoder().decode(parts[1].trim().split(" ")[2]);
        assertThat(Arrays.copyOf(signed, 4)).isEqualTo(keyId);
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(key.verifier().publicKeyPem().replaceAll("-----[A-Z ]+-----", "")))));
        ed25519.update(body.getBytes());
        assertThat(ed25519.verify(Arrays.copyOfRange(signed, 4, signed.length))).isTrue();

        Checkpoint read = Checkpoint.parse(checkpoint.note());
        assertThat(read.treeSize()).isEqualTo(42);
        assertThat(read.rootHash()).isEqualTo(root);
        assertThat(read.signedBy(key.verifier())).isTrue();
        assertThat(read.signedBy(NoteVerifier.parse(key.verifier().verifierKey()))).isTrue();
        assertThat(Checkpoint.parse(checkpoint.note().replace("\n42\n", "\n43\n")).signedBy(key.verifier())).isFalse();
        assertThat(read.signedBy(SigningKey.loadOrCreate(dir.resolve("other"), "example.org/log").verifier())).isFalse();
    }

    @Test
    void unreadableTextIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Checkpoint.parse("example.org/log\nmany\nAAAA\n\n\u2014 x y\n"))
                .isInstanceOf(Checkpoint.Unreadable.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> Checkpoint.parse("no signatures"))
                .isInstanceOf(Checkpoint.Unreadable.class).hasMessageContaining("blank line");
    }
}

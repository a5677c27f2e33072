package de.pilotregistry.query.audit;

import de.pilotregistry.platform.SecretFiles;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The Ed25519 key that signs checkpoints, kept in a file outside the database (created at first use, mode 0600): two
 * lines, {@code private <base64 PKCS#8>} and {@code public <base64 X.509 SubjectPublicKeyInfo>}.
 */
public final class SigningKey {

    private final PrivateKey privateKey;
    private final NoteVerifier verifier;

    private SigningKey(PrivateKey privateKey, NoteVerifier verifier) {
        this.privateKey = privateKey;
        this.verifier = verifier;
    }

    /** The key in {@code file}; a new one when the file does not exist yet. */
    public static SigningKey loadOrCreate(Path file, String name) {
        try {
            List<String> lines = SecretFiles.readOrCreate(file, SigningKey::newKeyFile).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            byte[] pkcs8 = Base64.getDecoder().decode(value(lines, "private", file));
            byte[] spki = Base64.getDecoder().decode(value(lines, "public", file));
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new SigningKey(key, new NoteVerifier(name,
                    Arrays.copyOfRange(spki, NoteVerifier.SPKI_PREFIX.length, spki.length)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit signing key " + file + " is unreadable", e);
        }
    }

    private static String newKeyFile() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return "# Ed25519 key that signs the Pilot Registry's audit checkpoints. Keep it secret, keep a copy.\n"
                    + "private " + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + "public " + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no Ed25519 in this JDK", e);
        }
    }

    private static String value(List<String> lines, String key, Path file) {
        return lines.stream().filter(line -> line.startsWith(key + " ")).map(line -> line.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no '" + key + "' line in " + file));
    }

    public String name() {
        return verifier.name();
    }

    /** The public half, as notes name and check it. */
    public NoteVerifier verifier() {
        return verifier;
    }

    public byte[] keyId() {
        return verifier.keyId();
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}

package de.pilotregistry.query.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A public Ed25519 key under its name in the C2SP signed-note scheme: key id = first 4 bytes of
 * SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), verifier key {@code name+hex(key id)+base64(0x01 ‖ public key)}.
 */
public record NoteVerifier(String name, byte[] publicKey) {

    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519; the raw 32-byte key follows. */
    static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte ED25519 = 0x01;

    /** Reads a verifier key {@code name+keyid+base64(0x01 ‖ key)}, checking that its key id matches. */
    public static NoteVerifier parse(String verifierKey) {
        String[] parts = verifierKey.trim().split("\\+", 3); // the base64 part may hold "+" itself
        byte[] typed;
        try {
            typed = parts.length == 3 ? Base64.getDecoder().decode(parts[2]) : new byte[0];
        } catch (IllegalArgumentException e) {
            typed = new byte[0];
        }
        if (typed.length != 33 || typed[0] != ED25519) {
            throw new IllegalArgumentException("not an Ed25519 verifier key (name+keyid+base64 key)");
        }
        NoteVerifier verifier = new NoteVerifier(parts[0], Arrays.copyOfRange(typed, 1, typed.length));
        if (!HexFormat.of().formatHex(verifier.keyId()).equals(parts[1])) {
            throw new IllegalArgumentException("the verifier key's id does not match its name and key");
        }
        return verifier;
    }

    public byte[] keyId() {
        MessageDigest sha = MerkleTree.sha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x0A);
        sha.update(ED25519);
        return Arrays.copyOf(sha.digest(publicKey), 4);
    }

    public String verifierKey() {
        byte[] typed = new byte[1 + publicKey.length];
        typed[0] = ED25519;
        System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
        return name + "+" + HexFormat.of().formatHex(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** The public key as PEM (SubjectPublicKeyInfo), for openssl. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public boolean verifies(byte[] message, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki())));
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] spki() {
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + publicKey.length);
        System.arraycopy(publicKey, 0, der, SPKI_PREFIX.length, publicKey.length);
        return der;
    }
}

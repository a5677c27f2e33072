package de.pilotregistry.query.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The Ed25519 key that signs checkpoints, kept in a file outside the database (created at first use, mode 0600), and
 * its identity in the C2SP signed-note scheme: key id = first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key),
 * verifier key {@code name+hex(key id)+base64(0x01 ‖ public key)}.
 */
public final class SigningKey {

    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519; the raw 32-byte key follows. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte ED25519 = 0x01;

    private final String name;
    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private SigningKey(String name, PrivateKey privateKey, byte[] publicKey) {
        this.name = name;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key in {@code file}; a new one when the file does not exist yet. */
    public static SigningKey loadOrCreate(Path file, String name) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            byte[] pkcs8 = Base64.getDecoder().decode(value(lines, "private", file));
            byte[] spki = Base64.getDecoder().decode(value(lines, "public", file));
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new SigningKey(name, key, Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit signing key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit signing key " + file + " is unreadable", e);
        }
    }

    private static void create(Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String text = "# Ed25519 key that signs the Pilot Registry's audit checkpoints. Keep it secret, keep a copy.\n"
                + "private " + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                + "public " + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Written with mode 0600 from the start, then moved into place: never readable by others, never half there.
        Path temporary = Files.createTempFile(dir, ".audit-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file); // a rename in the same directory; refuses to replace an existing key
        } catch (FileAlreadyExistsException anotherNodeWasFirst) {
            // another process on the same directory created it meanwhile: use theirs
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String value(List<String> lines, String key, Path file) {
        return lines.stream().filter(line -> line.startsWith(key + " ")).map(line -> line.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no '" + key + "' line in " + file));
    }

    public String name() {
        return name;
    }

    /** The raw 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] keyId() {
        return keyId(name, publicKey);
    }

    /** The C2SP/note verifier key: {@code name+hex(key id)+base64(0x01 ‖ public key)}. */
    public String verifierKey() {
        byte[] typed = new byte[1 + publicKey.length];
        typed[0] = ED25519;
        System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
        return name + "+" + HexFormat.of().formatHex(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** The public key as PEM (SubjectPublicKeyInfo), for openssl. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki(publicKey))
                + "\n-----END PUBLIC KEY-----\n";
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

    public boolean verifies(byte[] message, byte[] signatureBytes) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki(publicKey)));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] keyId(String name, byte[] publicKey) {
        MessageDigest sha = MerkleTree.sha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x0A);
        sha.update(ED25519);
        return Arrays.copyOf(sha.digest(publicKey), 4);
    }

    private static byte[] spki(byte[] raw) {
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, raw.length);
        return der;
    }
}

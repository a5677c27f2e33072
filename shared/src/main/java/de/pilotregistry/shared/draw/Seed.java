package de.pilotregistry.shared.draw;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The secret seed of a draw (32 random bytes, hex) and its public SHA-256 commitment. */
public record Seed(String hex) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public Seed {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a seed has 32 bytes");
        }
    }

    public static Seed generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Seed(HexFormat.of().formatHex(bytes));
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    public String commitment() {
        return HexFormat.of().formatHex(sha256(bytes()));
    }

    public boolean matches(String commitment) {
        return commitment().equals(commitment);
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

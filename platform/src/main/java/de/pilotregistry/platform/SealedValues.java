package de.pilotregistry.platform;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * AES-256-GCM of the JDK, as the registry uses it for personal data in events and for wrapping data keys: a random
 * 12-byte IV per value, a 128-bit tag, and associated data that binds the ciphertext to where it belongs (subject and
 * field), so that a value copied into another person's event or another field does not decrypt.
 *
 * <p>The stored form is one string: {@code v1:<base64url IV>:<base64url ciphertext with tag>} (no padding). The version
 * prefix leaves room for another algorithm without guessing from the bytes.
 */
public final class SealedValues {

    public static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Prefix, 16 characters of IV, at least a tag's 22 characters: no decimal and no sentence has this form. */
    private static final Pattern SEALED = Pattern.compile(VERSION + ":[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,}");

    /** A value that is not what was sealed (changed bytes, another key, other associated data). */
    public static final class Tampered extends RuntimeException {
        Tampered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private SealedValues() {
    }

    public static String seal(byte[] key, String associatedData, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, key, iv, associatedData, plaintext);
        return VERSION + ":" + ENCODER.encodeToString(iv) + ":" + ENCODER.encodeToString(ciphertext);
    }

    /** The plaintext; {@link Tampered} when the tag does not match or the text is not a sealed value. */
    public static byte[] open(byte[] key, String associatedData, String sealed) {
        String[] parts = sealed.split(":", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new Tampered("not a sealed value of version " + VERSION, null);
        }
        try {
            byte[] iv = DECODER.decode(parts[1]);
            if (iv.length != IV_BYTES) {
                throw new Tampered("the IV is not " + IV_BYTES + " bytes", null);
            }
            return crypt(Cipher.DECRYPT_MODE, key, iv, associatedData, DECODER.decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new Tampered("not base64url", e);
        }
    }

    /**
     * Whether {@code stored} has the sealed form. Fields sealed from some revision on hold plain values in their
     * earlier events (events are never rewritten); this tells them apart without the revision.
     */
    public static boolean isSealed(String stored) {
        return stored != null && SEALED.matcher(stored).matches();
    }

    public static String sealText(byte[] key, String associatedData, String plaintext) {
        return seal(key, associatedData, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    public static String openText(byte[] key, String associatedData, String sealed) {
        return new String(open(key, associatedData, sealed), StandardCharsets.UTF_8);
    }

    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private static byte[] crypt(int mode, byte[] key, byte[] iv, String associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new Tampered("the authentication tag does not match", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }
}

package de.pilotregistry.command.casefile;

import de.pilotregistry.shared.casefile.BenefitChanged;
import de.pilotregistry.shared.casefile.BenefitReceiptExited;
import de.pilotregistry.shared.casefile.BenefitReceiptReentered;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobEnded;
import de.pilotregistry.shared.casefile.JobStarted;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The content of a fact without its source id and its link to a corrected fact: two deliveries under one
 * source id with the same fingerprint are the same fact, with another fingerprint a correction.
 *
 * <p>A fact with personal data (a job's exact wage, a retraction's reason; {@link PersonalFacts}) is fingerprinted
 * with a keyed hash (HMAC-SHA-256) under a key derived from the person's data key, marked {@value #KEYED}: a plain hash
 * of a wage or a reason would outlive the erasure of the key and could be matched against guesses. The content is
 * always hashed opened, so a fact and its re-delivery match although their sealed values differ.
 */
final class Fingerprint {

    /** Marks a keyed fingerprint; those without were stored before personal values were sealed (plain SHA-256). */
    static final String KEYED = "k1:";

    private Fingerprint() {
    }

    /**
     * @param opened the fact with its personal values opened ({@link PersonalFacts#open})
     * @param key    the person's data key; null where the fact holds no personal value (or, in a unit test, none is
     *               given)
     */
    static String of(CaseFactEvent opened, byte[] key) {
        String content = content(opened);
        if (key != null && PersonalFacts.holdsPersonalValue(opened)) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(fingerprintKey(key), "HmacSHA256"));
                return KEYED + HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)), 0, 16);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return plain(content);
    }

    /**
     * Whether a stored fingerprint is the one of this fact. A fingerprint stored before personal values were sealed
     * is a plain hash: it is compared with the fact's plain hash, which is computed for that and never stored.
     */
    static boolean matches(String stored, CaseFactEvent opened, byte[] key) {
        if (stored == null) {
            return false; // the fact's personal values were erased: nothing is the same fact any more
        }
        return stored.startsWith(KEYED) ? stored.equals(of(opened, key)) : stored.equals(plain(content(opened)));
    }

    private static String content(CaseFactEvent event) {
        if (event instanceof ContactRecorded e) {
            return join(e.type(), e.effectiveDate(), e.channel(), e.outcome());
        } else if (event instanceof JobStarted e) {
            return join(e.type(), e.effectiveDate(), e.employmentType(), e.weeklyHours(), e.monthlyWage());
        } else if (event instanceof JobEnded e) {
            return join(e.type(), e.effectiveDate(), e.reason());
        } else if (event instanceof BenefitChanged e) {
            return join(e.type(), e.effectiveDate(), e.monthlyClaim(), e.reason());
        } else if (event instanceof BenefitReceiptExited e) {
            return join(e.type(), e.effectiveDate(), e.reason());
        } else if (event instanceof BenefitReceiptReentered e) {
            return join(e.type(), e.effectiveDate(), e.monthlyClaim());
        }
        FactRetracted e = (FactRetracted) event;
        return join(e.type(), e.corrects(), e.reason());
    }

    private static String plain(String content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key of its own for fingerprints, so the data key is used by one algorithm only (AES-GCM). */
    private static byte[] fingerprintKey(byte[] dataKey) throws GeneralSecurityException {
        Mac derive = Mac.getInstance("HmacSHA256");
        derive.init(new SecretKeySpec(dataKey, "HmacSHA256"));
        return derive.doFinal("case fact fingerprint".getBytes(StandardCharsets.UTF_8));
    }

    private static String join(Object... values) {
        StringBuilder joined = new StringBuilder();
        for (Object value : values) {
            joined.append(Objects.toString(value, "")).append('\u001f');
        }
        return joined.toString();
    }
}

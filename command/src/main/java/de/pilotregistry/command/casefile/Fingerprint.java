package de.pilotregistry.command.casefile;

import de.pilotregistry.shared.casefile.BenefitChanged;
import de.pilotregistry.shared.casefile.BenefitReceiptExited;
import de.pilotregistry.shared.casefile.BenefitReceiptReentered;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobEnded;
import de.pilotregistry.shared.casefile.JobStarted;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The content of a fact without its source id and its link to a corrected fact: two deliveries under one
 * source id with the same fingerprint are the same fact, with another fingerprint a correction.
 */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(CaseFactEvent event) {
        String content;
        if (event instanceof ContactRecorded e) {
            content = join(e.type(), e.effectiveDate(), e.channel(), e.outcome());
        } else if (event instanceof JobStarted e) {
            content = join(e.type(), e.effectiveDate(), e.employmentType(), e.weeklyHours(), e.monthlyWage());
        } else if (event instanceof JobEnded e) {
            content = join(e.type(), e.effectiveDate(), e.reason());
        } else if (event instanceof BenefitChanged e) {
            content = join(e.type(), e.effectiveDate(), e.monthlyClaim(), e.reason());
        } else if (event instanceof BenefitReceiptExited e) {
            content = join(e.type(), e.effectiveDate(), e.reason());
        } else if (event instanceof BenefitReceiptReentered e) {
            content = join(e.type(), e.effectiveDate(), e.monthlyClaim());
        } else {
            FactRetracted e = (FactRetracted) event;
            content = join(e.type(), e.corrects(), e.reason());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(Object... values) {
        StringBuilder joined = new StringBuilder();
        for (Object value : values) {
            joined.append(Objects.toString(value, "")).append('\u001f');
        }
        return joined.toString();
    }
}

package de.pilotregistry.query.export;

import de.pilotregistry.platform.SecretFiles;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The ids persons carry in exports: an HMAC-SHA256 of the pilot and the registry's pseudonym under a key only the
 * registry holds ({@code registry.export.research-id-key}, default {@code <data dir>/research-id-key}, mode 0600, made
 * at the first start). The same person has the same id in every export of one pilot, so exports taken at different
 * moments can be joined, and another id in every other pilot; without the key an id leads back to no pseudonym.
 */
@Component
class ResearchIds {

    private final SecretKeySpec key;

    ResearchIds(@Value("${registry.export.research-id-key:${registry.data-dir}/research-id-key}") Path file) {
        String text = SecretFiles.readOrCreate(file, ResearchIds::newKeyFile);
        String encoded = text.lines().filter(line -> line.startsWith("key ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no 'key' line in " + file)).substring(4).trim();
        this.key = new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256");
    }

    String of(String pilotId, String person) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(pilotId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] digest = mac.doFinal(person.getBytes(StandardCharsets.UTF_8));
            return "R" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256 in this JDK", e);
        }
    }

    private static String newKeyFile() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "# HMAC-SHA256 key of the research ids in the Pilot Registry's exports. Keep it secret, keep a copy:\n"
                + "# without it the next export gives every person a new id.\n"
                + "key " + Base64.getEncoder().encodeToString(secret) + "\n";
    }
}

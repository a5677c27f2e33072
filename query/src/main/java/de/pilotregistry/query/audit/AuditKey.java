package de.pilotregistry.query.audit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;

/**
 * The checkpoint signer of this node: the key file {@code registry.audit.signing-key} (default
 * {@code <data dir>/audit-signing-key}), created at the first start, and the log's origin
 * {@code registry.audit.origin}, which is also the key's name.
 */
@Component
class AuditKey {

    private final String origin;
    private final SigningKey key;

    AuditKey(@Value("${registry.audit.signing-key:${registry.data-dir}/audit-signing-key}") Path file,
             @Value("${registry.audit.origin:pilot-registry/audit-log}") String origin) {
        if (origin.isEmpty() || origin.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+')) {
            throw new IllegalArgumentException("registry.audit.origin must be non-empty, without spaces or '+': "
                    + origin);
        }
        this.origin = origin;
        this.key = SigningKey.loadOrCreate(file, origin);
    }

    String origin() {
        return origin;
    }

    SigningKey get() {
        return key;
    }
}

package de.pilotregistry.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Credentials that passed a BCrypt check a moment ago. HTTP Basic sends the password with every request, and one
 * BCrypt check costs about 80 ms of CPU (measured, see README "Measurements"): a client importing month after month
 * would pay it on each call. So a success is remembered for a short while and a repeat costs one SHA-256. Kept is
 * only SHA-256(user, 0, password), never the password; bounded (the least recently used go first) and short-lived,
 * so a changed configuration or a forgotten client does not keep a login alive for long. Failures are never kept:
 * each one pays the full check (and counts for {@link LoginThrottle}).
 */
final class VerifiedCredentials {

    private final int capacity;
    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Instant> verified;

    VerifiedCredentials(int capacity, Duration lifetime, Clock clock) {
        this.capacity = capacity;
        this.lifetime = lifetime;
        this.clock = clock;
        this.verified = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > VerifiedCredentials.this.capacity;
            }
        };
    }

    synchronized boolean contains(String user, String password) {
        String key = key(user, password);
        Instant until = verified.get(key);
        if (until == null) {
            return false;
        }
        if (!clock.instant().isBefore(until)) {
            verified.remove(key);
            return false;
        }
        return true;
    }

    synchronized void add(String user, String password) {
        verified.put(key(user, password), clock.instant().plus(lifetime));
    }

    synchronized int size() {
        return verified.size();
    }

    private static String key(String user, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(user.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0); // ("ab", "c") and ("a", "bc") are different logins
            sha256.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

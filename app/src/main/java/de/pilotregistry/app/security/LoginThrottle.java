package de.pilotregistry.app.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code failuresPerUser} failed logins for one user name, or
 * {@code failuresPerAddress} from one client address, within the window, further attempts for that name or from
 * that address are refused without checking the password until the oldest failure leaves the window. Unknown user
 * names count like known ones (a guesser learns nothing from the throttle either). In memory and per node: it
 * slows an attacker down, it does not replace a lockout in a directory.
 */
final class LoginThrottle {

    /** Beyond this many names and addresses with recent failures, the ones without recent failures are dropped. */
    private static final int TRACKED = 10_000;

    private final int failuresPerUser;
    private final int failuresPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(RegistryUsers.LoginLimits limits, Clock clock) {
        this.failuresPerUser = limits.failuresPerUser();
        this.failuresPerAddress = limits.failuresPerAddress();
        this.window = limits.window();
        this.clock = clock;
    }

    /** @return how long this user name or address must wait, or {@link Duration#ZERO} when it may try */
    Duration waitFor(String user, String address) {
        Instant now = clock.instant();
        Duration wait = waitFor("user:" + user, failuresPerUser, now);
        Duration byAddress = address == null ? Duration.ZERO : waitFor("address:" + address, failuresPerAddress, now);
        return wait.compareTo(byAddress) >= 0 ? wait : byAddress;
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() > TRACKED) {
            failures.entrySet().removeIf(entry -> {
                synchronized (entry.getValue()) {
                    prune(entry.getValue(), now);
                    return entry.getValue().isEmpty();
                }
            });
        }
        record("user:" + user, now);
        if (address != null) {
            record("address:" + address, now);
        }
    }

    /** A successful login clears its user name's failures (not its address's: one address may try many names). */
    void succeeded(String user) {
        failures.remove("user:" + user);
    }

    private void record(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private Duration waitFor(String key, int limit, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return Duration.ZERO;
            }
            // free again when enough failures have left the window to allow one more attempt
            Instant[] ordered = times.toArray(Instant[]::new);
            return Duration.between(now, ordered[times.size() - limit].plus(window));
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.pollFirst();
        }
    }
}

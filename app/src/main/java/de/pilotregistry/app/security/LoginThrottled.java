package de.pilotregistry.app.security;

import org.springframework.security.core.AuthenticationException;

import java.time.Duration;

/** Too many failed logins for this user name or from this address: answered 429 with Retry-After. */
final class LoginThrottled extends AuthenticationException {

    private final Duration retryAfter;

    LoginThrottled(Duration retryAfter) {
        super("too many failed logins");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one, as Retry-After takes them. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}

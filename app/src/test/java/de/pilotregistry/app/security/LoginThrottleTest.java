package de.pilotregistry.app.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private Instant now = Instant.parse("2026-12-07T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final LoginThrottle throttle = new LoginThrottle(
            new RegistryUsers.LoginLimits(5, 8, Duration.ofMinutes(1)), clock);

    @Test
    void fiveFailuresForOneNameStopItForTheRestOfTheMinute() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.waitFor("admin", "10.0.0." + i)).isZero();
            throttle.failed("admin", "10.0.0." + i);
            now = now.plusSeconds(10);
        }
        // the first failure was 50 s ago: free again in 10 s, from any address; other names are not affected
        assertThat(throttle.waitFor("admin", "10.0.0.99")).isEqualTo(Duration.ofSeconds(10));
        assertThat(throttle.waitFor("steward", "10.0.0.99")).isZero();
        now = now.plusSeconds(10);
        assertThat(throttle.waitFor("admin", "10.0.0.99")).isZero();
    }

    @Test
    void failuresFromOneAddressStopItForEveryName() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("guess" + i, "10.0.0.1");
        }
        assertThat(throttle.waitFor("admin", "10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.waitFor("admin", "10.0.0.2")).isZero();
    }

    @Test
    void aSuccessClearsTheNameButNotTheAddress() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        throttle.succeeded("admin");
        throttle.failed("admin", "10.0.0.1");
        assertThat(throttle.waitFor("admin", "10.0.0.2")).isZero();
        for (int i = 0; i < 3; i++) {
            throttle.failed("other", "10.0.0.1");
        }
        assertThat(throttle.waitFor("admin", "10.0.0.1")).isPositive(); // 8 failures from the address
    }
}

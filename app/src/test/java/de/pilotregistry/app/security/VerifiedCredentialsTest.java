package de.pilotregistry.app.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedCredentialsTest {

    @Test
    void remembersASuccessBrieflyAndOnlyForTheSamePassword() {
        Instant[] now = {Instant.parse("2026-12-07T00:00:00Z")};
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        VerifiedCredentials verified = new VerifiedCredentials(2, Duration.ofMinutes(2), clock);
        verified.add("admin", "secret");
        assertThat(verified.contains("admin", "secret")).isTrue();
        assertThat(verified.contains("admin", "secreT")).isFalse();
        assertThat(verified.contains("Admin", "secret")).isFalse();
        assertThat(verified.contains("admi", "nsecret")).isFalse();
        now[0] = now[0].plus(Duration.ofMinutes(2));
        assertThat(verified.contains("admin", "secret")).isFalse();
    }

    @Test
    void boundedTheLeastRecentlyUsedGoFirst() {
        VerifiedCredentials verified = new VerifiedCredentials(2, Duration.ofMinutes(2), Clock.systemUTC());
        verified.add("a", "1");
        verified.add("b", "2");
        assertThat(verified.contains("a", "1")).isTrue();
        verified.add("c", "3");
        assertThat(verified.size()).isEqualTo(2);
        assertThat(verified.contains("b", "2")).isFalse();
        assertThat(verified.contains("a", "1")).isTrue();
        assertThat(verified.contains("c", "3")).isTrue();
    }
}

package de.pilotregistry.app.security;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Logins on the shared registry (demo users, password "demo"; the throttle is out of the way here). */
class CredentialsTest extends RegistryTest {

    private Api.Response getAs(String user, String password, String path) {
        return api.sendBytes(null, "GET", path, null, null, Map.of("Authorization", Api.basic(user, password)));
    }

    @Test
    void userNamesMatchExactly() {
        assertThat(getAs("admin", "demo", "/api/pilots").status()).isEqualTo(200);
        for (String name : List.of("Admin", "ADMIN", "admin ", " admin")) {
            Api.Response refused = getAs(name, "demo", "/api/pilots");
            assertThat(refused.status()).as(name).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void anUnknownUserCostsWhatAKnownUserWithAWrongPasswordCosts() {
        // warm up both paths (class loading, the first BCrypt)
        for (int i = 0; i < 3; i++) {
            getAs("nobody-" + UUID.randomUUID(), "wrong", "/api/pilots");
            getAs("auditor", "wrong-" + i, "/api/pilots");
        }
        List<Long> unknown = new ArrayList<>();
        List<Long> known = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // interleaved, so load on the machine hits both alike
            unknown.add(timed("nobody-" + UUID.randomUUID(), "wrong-" + i));
            known.add(timed("auditor", "wrong-" + i));
        }
        long unknownMedian = median(unknown);
        long knownMedian = median(known);
        assertThat((double) Math.max(unknownMedian, knownMedian) / Math.max(1, Math.min(unknownMedian, knownMedian)))
                .as("median ns unknown %d, known with wrong password %d", unknownMedian, knownMedian)
                .isLessThan(3.0);
    }

    private long timed(String user, String password) {
        long start = System.nanoTime();
        Api.Response answer = getAs(user, password, "/api/pilots");
        long took = System.nanoTime() - start;
        assertThat(answer.status()).isEqualTo(401);
        return took;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}

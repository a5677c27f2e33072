package de.pilotregistry.app.security;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.ProcessTest;
import de.pilotregistry.app.support.RegistryProcesses;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A registry outside demo mode, as a process: each user with a password of their own, the throttle at work. */
class CredentialsProcessTest extends ProcessTest {

    private static final List<String> USERS =
            List.of("admin", "steward", "caseworker1", "caseworker2", "evaluator", "auditor", "integration");
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private static String password(String user) {
        return "own-" + user + "-secret";
    }

    private List<String> ownPasswords(Map<String, String> except) {
        List<String> args = new ArrayList<>();
        for (String user : USERS) {
            args.add("--registry.security.passwords." + user + "="
                    + encoder.encode(except.getOrDefault(user, password(user))));
        }
        return args;
    }

    @Test
    void ownPasswordsWorkTheDemoPasswordDoesNotAndFailuresAreThrottled() throws Exception {
        int port = RegistryProcesses.freePort();
        List<String> args = new ArrayList<>(ownPasswords(Map.of()));
        args.add("--registry.security.login-throttle.failures-per-address=20");
        Process registry = registries.start(port, args.toArray(String[]::new));
        Api api = new Api(port);
        RegistryProcesses.awaitHealthy(api, registry);

        for (String user : USERS) {
            assertThat(getAs(api, user, password(user)).status()).as(user).isEqualTo(200);
        }
        assertThat(getAs(api, "admin", "demo").status()).isEqualTo(401);
        assertThat(getAs(api, "Admin", password("admin")).status()).isEqualTo(401);
        assertThat(Files.readString(registries.log(0))).doesNotContain("Demo users");

        // five failures for one name within a minute: the sixth attempt is not even checked, the right password too
        for (int i = 0; i < 5; i++) {
            assertThat(getAs(api, "evaluator", "guess-" + i).status()).isEqualTo(401);
        }
        Api.Response throttled = getAs(api, "evaluator", password("evaluator"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(throttled.raw().headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 60L);
        assertThat(throttled.json().path("status").asInt()).isEqualTo(429);
        assertThat(getAs(api, "auditor", password("auditor")).status()).isEqualTo(200); // other names go on

        // twenty failures from one address (any names; 7 so far): every name from there waits
        for (int i = 0; i < 13; i++) {
            assertThat(getAs(api, "nobody-" + UUID.randomUUID(), "guess").status()).isEqualTo(401);
        }
        assertThat(getAs(api, "auditor", password("auditor")).status()).isEqualTo(429);
    }

    @Test
    void theDefaultPasswordOutsideDemoModeKeepsTheRegistryFromStarting() throws Exception {
        Process registry = registries.start(RegistryProcesses.freePort(),
                ownPasswords(Map.of("steward", "demo")).toArray(String[]::new));
        assertThat(registry.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.exitValue()).isEqualTo(ConfiguredCredentials.REFUSED);
        String log = Files.readString(registries.log(0));
        assertThat(log.lines().filter(line -> line.startsWith("pilot-registry:")).toList()).singleElement()
                .asString().contains("the default password 'demo' for steward");
        assertThat(log).doesNotContain("Exception");
    }

    @Test
    void noPasswordsAtAllOutsideDemoModeKeepTheRegistryFromStarting() throws Exception {
        Process registry = registries.start(RegistryProcesses.freePort(), "--registry.security.demo-users=false");
        assertThat(registry.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.exitValue()).isEqualTo(ConfiguredCredentials.REFUSED);
        assertThat(Files.readString(registries.log(0))).contains("no password for admin, steward, caseworker1");
    }

    private static Api.Response getAs(Api api, String user, String password) {
        return api.sendBytes(null, "GET", "/api/pilots", null, null, Map.of("Authorization", Api.basic(user, password)));
    }
}

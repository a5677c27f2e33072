package de.pilotregistry.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which configured credentials keep a registry (outside demo mode) from starting. */
class ConfiguredCredentialsTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void ownHashesForEveryUserPass() {
        assertThat(ConfiguredCredentials.refusal(List.of("admin", "steward"),
                Map.of("admin", encoder.encode("correct horse"), "steward", encoder.encode("battery staple")),
                encoder)).isNull();
    }

    @Test
    void aUserWithoutOrWithAnEmptyPasswordIsRefused() {
        String refusal = ConfiguredCredentials.refusal(List.of("admin", "steward", "auditor"),
                Map.of("admin", encoder.encode("correct horse"), "auditor", " "), encoder);
        assertThat(refusal).startsWith("pilot-registry: refusing to start").contains("no password for steward, auditor")
                .doesNotContain("admin").doesNotContain("\n");
    }

    @Test
    void theDemoPasswordIsRefusedHashedOrNot() {
        String refusal = ConfiguredCredentials.refusal(List.of("admin", "steward", "auditor"),
                Map.of("admin", encoder.encode("demo"), "steward", "{noop}demo", "auditor", "demo"), encoder);
        assertThat(refusal).contains("the default password 'demo' for admin")
                .contains("no readable {id}hash (e.g. {bcrypt}…) for steward, auditor")
                .contains("registry.security.passwords.NAME").doesNotContain("\n");
    }

    @Test
    void aHashOfUnknownKindIsRefused() {
        assertThat(ConfiguredCredentials.refusal(List.of("admin"), Map.of("admin", "{rot13}qrzb"), encoder))
                .contains("no readable {id}hash (e.g. {bcrypt}…) for admin");
    }
}

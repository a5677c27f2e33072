package de.pilotregistry.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hash-password}: its output is a hash the registry accepts at start and at login. */
class HashPasswordTest {

    private int run(String stdin, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return HashPassword.run(null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsAHashTheRegistryTakes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run("correct horse battery staple\n", out, new ByteArrayOutputStream())).isZero();
        String hash = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(hash).startsWith("{bcrypt}$2a$10$");
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder()
                .matches("correct horse battery staple", hash)).isTrue();
        assertThat(ConfiguredCredentials.refusal(java.util.List.of("admin"), Map.of("admin", hash),
                PasswordEncoderFactories.createDelegatingPasswordEncoder())).isNull();
    }

    @Test
    void refusesEmptyAndDemo() {
        for (String password : new String[]{"\n", "demo\n", ""}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(password, out, err)).isEqualTo(2);
            assertThat(out.size()).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("give a password other than 'demo'");
        }
    }
}

package de.pilotregistry.app.security;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar pilot-registry.jar hash-password}: the {@code {bcrypt}…} hash of a password for
 * {@code registry.security.passwords.NAME}. Read from the terminal without echo, or as one line from stdin
 * (so it never appears in a command line or the shell's history).
 */
public final class HashPassword {

    private HashPassword() {
    }

    public static int run(Console console, InputStream in, PrintStream out, PrintStream err) {
        String password;
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? null : new String(typed);
        } else {
            try {
                password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                password = null;
            }
        }
        if (password == null || password.isEmpty() || password.equals(ConfiguredCredentials.DEFAULT_DEMO_PASSWORD)) {
            err.println("pilot-registry: give a password other than '" + ConfiguredCredentials.DEFAULT_DEMO_PASSWORD
                    + "' (empty and the demo password are refused at start)");
            return 2;
        }
        out.println(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password));
        return 0;
    }
}

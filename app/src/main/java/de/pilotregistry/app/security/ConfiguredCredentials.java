package de.pilotregistry.app.security;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses to start a registry whose own users could be logged into with a password everybody knows: outside demo
 * mode every configured user needs a password hash of their own, and none may be the demo password. Checked as soon
 * as the configuration is known (before the data directory, the database or any bean), with one line on stderr and
 * exit code {@value #REFUSED}, like the data directory's lock. Not checked with OpenID Connect (no passwords there).
 */
public final class ConfiguredCredentials implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** Exit code of a registry that refused its users' credentials. */
    public static final int REFUSED = 4;
    static final String DEFAULT_DEMO_PASSWORD = "demo";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        String mode = environment.getProperty("registry.security.mode", "basic");
        if (mode.equals("oidc")) {
            if (environment.getProperty("registry.security.oidc.issuer-uri", "").isBlank()) {
                refuse("pilot-registry: registry.security.mode=oidc needs registry.security.oidc.issuer-uri"
                        + " (e.g. https://sso.example/realms/jobcenter)");
            }
            return; // no passwords: the identity provider checks them
        }
        if (!mode.equals("basic")) {
            refuse("pilot-registry: registry.security.mode is basic or oidc, not '" + mode + "'");
        }
        if (environment.getProperty("registry.security.demo-users", Boolean.class, false)) {
            return;
        }
        Binder binder = Binder.get(environment);
        Map<String, String> users = binder.bind("registry.security.users", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        Map<String, String> passwords = binder.bind("registry.security.passwords",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        String refusal = refusal(users.keySet(), passwords, PasswordEncoderFactories.createDelegatingPasswordEncoder());
        if (refusal != null) {
            refuse(refusal);
        }
    }

    private static void refuse(String reason) {
        System.err.println(reason);
        System.exit(REFUSED);
    }

    /** @return null when every user has a usable hash of their own, else the one-line reason to refuse */
    static String refusal(Iterable<String> users, Map<String, String> passwords, PasswordEncoder encoder) {
        List<String> missing = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> demo = new ArrayList<>();
        for (String user : users) {
            String hash = passwords.get(user);
            if (hash == null || hash.isBlank()) {
                missing.add(user);
            } else if (!hash.startsWith("{") || hash.startsWith("{noop}")) {
                // a hash needs its {id} to be read; a plain text password in the configuration is what this prevents
                unreadable.add(user);
            } else {
                Boolean isDemo = matchesDemo(encoder, hash);
                if (isDemo == null) {
                    unreadable.add(user);
                } else if (isDemo) {
                    demo.add(user);
                }
            }
        }
        if (missing.isEmpty() && unreadable.isEmpty() && demo.isEmpty()) {
            return null;
        }
        StringBuilder reason = new StringBuilder("pilot-registry: refusing to start with unsafe user credentials:");
        if (!missing.isEmpty()) {
            reason.append(" no password for ").append(String.join(", ", missing)).append(';');
        }
        if (!unreadable.isEmpty()) {
            reason.append(" no readable {id}hash (e.g. {bcrypt}…) for ").append(String.join(", ", unreadable)).append(';');
        }
        if (!demo.isEmpty()) {
            reason.append(" the default password '" + DEFAULT_DEMO_PASSWORD + "' for ")
                    .append(String.join(", ", demo)).append(';');
        }
        return reason.append(" set registry.security.passwords.NAME={bcrypt}… (java -jar pilot-registry.jar"
                + " hash-password), or --registry.security.demo-users=true for a demo").toString();
    }

    /** @return null when the encoder cannot read the hash (an unknown {id}) */
    private static Boolean matchesDemo(PasswordEncoder encoder, String hash) {
        try {
            return encoder.matches(DEFAULT_DEMO_PASSWORD, hash);
        } catch (IllegalArgumentException unknownId) {
            return null;
        }
    }
}

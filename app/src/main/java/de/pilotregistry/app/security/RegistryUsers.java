package de.pilotregistry.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's own users (HTTP Basic): {@code registry.security.users.NAME=ROLE[,ROLE]} and
 * {@code registry.security.passwords.NAME={bcrypt}$2a$…} (a hash in Spring Security's {@code {id}hash} form, made with
 * {@code java -jar pilot-registry.jar hash-password}). With {@code registry.security.demo-users=true} a user without
 * a hash of their own gets the demo password (REGISTRY_DEMO_PASSWORD, default {@code demo}); without it the registry
 * refuses to start while any user lacks a hash or has the demo password ({@link ConfiguredCredentials}).
 */
@ConfigurationProperties("registry.security")
record RegistryUsers(Map<String, List<String>> users, Map<String, String> passwords, boolean demoUsers,
                     LoginLimits loginThrottle) {

    RegistryUsers {
        users = users == null ? Map.of() : new LinkedHashMap<>(users);
        passwords = passwords == null ? Map.of() : new LinkedHashMap<>(passwords);
        loginThrottle = loginThrottle == null ? new LoginLimits(0, 0, null) : loginThrottle;
    }

    /** Failed logins tolerated per user name and per client address within {@code window}, then 429. */
    record LoginLimits(int failuresPerUser, int failuresPerAddress, Duration window) {
        LoginLimits {
            failuresPerUser = failuresPerUser <= 0 ? 5 : failuresPerUser;
            failuresPerAddress = failuresPerAddress <= 0 ? 5 : failuresPerAddress;
            window = window == null ? Duration.ofMinutes(1) : window;
        }
    }
}

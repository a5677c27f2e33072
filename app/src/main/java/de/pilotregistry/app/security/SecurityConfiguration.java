package de.pilotregistry.app.security;

import de.pilotregistry.app.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP Basic for every /api/** call; users, their password hashes and roles come from configuration
 * ({@link RegistryUsers}, checked by {@link PasswordAuthentication}). The roles of each endpoint (its
 * {@code @PreAuthorize}) are checked here already, before anything reads the request ({@link HandlerAuthorization}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(RegistryUsers.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApplicationContext context) throws Exception {
        http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/**").access(new HandlerAuthorization(context))
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    if (e instanceof LoginThrottled throttled) {
                        Problems.write(response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
                                        "Too many failed logins for this user or from this address; try again later."),
                                Long.toString(throttled.retryAfterSeconds()));
                        return;
                    }
                    problem(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                            "Send HTTP Basic credentials of a registry user.", true);
                }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                        "Send HTTP Basic credentials of a registry user.", true))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "Your role does not allow this request.", false)))
                .csrf(csrf -> csrf.disable()) // no cookies, no sessions: every call carries its credentials
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    PasswordAuthentication passwordAuthentication(RegistryUsers registryUsers,
                                                  @Value("${REGISTRY_DEMO_PASSWORD:}") String demoPassword) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        String demoHash = null;
        if (registryUsers.demoUsers()) {
            String password = demoPassword.isBlank() ? ConfiguredCredentials.DEFAULT_DEMO_PASSWORD : demoPassword;
            // hashed like any other password, so a demo user costs the same at login as a real one
            demoHash = encoder.encode(password);
            log.warn("Demo users (registry.security.demo-users=true): every user without a password of their own ({})"
                    + " logs in with {}. Not for real data.", String.join(", ", registryUsers.users().keySet()),
                    demoPassword.isBlank() ? "the default password '" + ConfiguredCredentials.DEFAULT_DEMO_PASSWORD
                            + "'" : "the password in REGISTRY_DEMO_PASSWORD");
        }
        Map<String, PasswordAuthentication.Account> accounts = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> user : registryUsers.users().entrySet()) {
            String own = registryUsers.passwords().get(user.getKey());
            String hash = own != null && !own.isBlank() ? own : demoHash;
            if (hash == null) {
                continue; // refused at start already (ConfiguredCredentials); never a user without a password
            }
            accounts.put(user.getKey(), new PasswordAuthentication.Account(hash,
                    PasswordAuthentication.authorities(user.getValue())));
        }
        Clock clock = Clock.systemUTC();
        return new PasswordAuthentication(accounts, encoder,
                new LoginThrottle(registryUsers.loginThrottle(), clock),
                new VerifiedCredentials(1_000, Duration.ofMinutes(2), clock));
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String title, String detail,
                                boolean challenge) throws IOException {
        if (challenge) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"pilot-registry\"");
        }
        Problems.write(response, status, title, detail);
    }
}

package de.pilotregistry.app.security;

import de.pilotregistry.app.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who calls: HTTP Basic with the registry's own users, their password hashes and roles from configuration
 * ({@link RegistryUsers}, checked by {@link PasswordAuthentication}), or with {@code registry.security.mode=oidc}
 * bearer tokens of the jobcenter's OpenID Connect provider ({@link OidcSettings}, {@link OidcTokens}); the dashboard's
 * browser signs in with a form and a session cookie ({@link DashboardSession}). The roles of each endpoint (its
 * {@code @PreAuthorize}) are checked here already, before anything reads the request ({@link HandlerAuthorization}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties({RegistryUsers.class, OidcSettings.class})
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The dashboard's browser: a form login, a session cookie, and CSRF protection for everything that rides on the
     * cookie. It serves the login and dashboard pages, and API calls that bring the session cookie and no credentials
     * of their own; every other request goes to {@link #apiChain}, which never creates a session. Only with the
     * registry's own users: with OpenID Connect the API takes bearer tokens, and the login page says so.
     */
    @Bean
    @Order(1)
    @ConditionalOnProperty(name = "registry.security.mode", havingValue = "basic", matchIfMissing = true)
    SecurityFilterChain browserChain(HttpSecurity http, ApplicationContext context) throws Exception {
        http
                .securityMatcher(DashboardSession::isBrowserRequest)
                .authorizeHttpRequests(requests -> roles(requests, context)
                        .requestMatchers("/dashboard/dashboard.css").permitAll() // the login page's look
                        .requestMatchers("/dashboard", "/dashboard/**").authenticated()
                        .anyRequest().permitAll())
                .formLogin(form -> form.loginPage(DashboardSession.LOGIN).loginProcessingUrl(DashboardSession.LOGIN)
                        .defaultSuccessUrl(DashboardSession.HOME, true)
                        .failureHandler((request, response, e) -> response.sendRedirect(DashboardSession.LOGIN
                                + (e instanceof LoginThrottled ? "?throttled" : "?error")))
                        .permitAll())
                .logout(logout -> logout.logoutUrl(DashboardSession.LOGOUT)
                        .logoutSuccessUrl(DashboardSession.LOGIN + "?logout"))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> {
                            if (DashboardSession.isPage(request)) {
                                response.sendRedirect(DashboardSession.LOGIN);
                            } else {
                                problem(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                        "The session has ended; sign in again.", null);
                            }
                        })
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "Your role does not allow this request, or the CSRF token is missing.", null)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
        return http.build();
    }

    /** Credentials on every call (HTTP Basic or a bearer token): no cookies, no sessions, nothing to forge with. */
    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, ApplicationContext context, OidcSettings oidc,
                                 @Value("${registry.security.mode:basic}") String mode) throws Exception {
        http
                .authorizeHttpRequests(requests -> roles(requests, context).anyRequest().permitAll())
                .exceptionHandling(handling -> handling
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "Your role does not allow this request.", null)))
                .csrf(csrf -> csrf.disable()) // no cookies, no sessions: every call carries its credentials
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if ("oidc".equals(mode)) {
            // bearer tokens only: no password ever reaches the registry
            AuthenticationEntryPoint bearer = (request, response, e) -> problem(response, HttpStatus.UNAUTHORIZED,
                    "Authentication required", "Send a valid bearer token of the jobcenter's identity provider.",
                    e instanceof OAuth2AuthenticationException ? "Bearer error=\"invalid_token\"" : "Bearer");
            http.oauth2ResourceServer(server -> server
                            .jwt(jwt -> jwt.decoder(OidcTokens.decoder(oidc))
                                    .jwtAuthenticationConverter(OidcTokens.authentication(oidc)))
                            .authenticationEntryPoint(bearer))
                    .exceptionHandling(handling -> handling.authenticationEntryPoint(bearer));
        } else {
            AuthenticationEntryPoint basic = (request, response, e) -> {
                if (e instanceof LoginThrottled throttled) {
                    Problems.write(response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
                                    "Too many failed logins for this user or from this address; try again later."),
                            Long.toString(throttled.retryAfterSeconds()));
                    return;
                }
                problem(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                        "Send HTTP Basic credentials of a registry user.", "Basic realm=\"pilot-registry\"");
            };
            http.httpBasic(httpBasic -> httpBasic.authenticationEntryPoint(basic))
                    .exceptionHandling(handling -> handling.authenticationEntryPoint(basic));
        }
        return http.build();
    }

    /** The same roles for the API and the actuator, whichever chain a request takes. */
    private static AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry roles(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
            ApplicationContext context) {
        return requests
                .requestMatchers("/api/**").access(new HandlerAuthorization(context))
                .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                .requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", "AUDITOR")
                .requestMatchers("/actuator/**").hasRole("ADMIN");
    }

    @Bean
    @ConditionalOnProperty(name = "registry.security.mode", havingValue = "basic", matchIfMissing = true)
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
                                String challenge) throws IOException {
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        Problems.write(response, status, title, detail);
    }
}

package de.pilotregistry.app.security;

import de.pilotregistry.app.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP Basic for every /api/** call, and a form login with a session cookie for the dashboard's browser
 * ({@link DashboardSession}); users and roles come from configuration. The roles of each endpoint (its
 * {@code @PreAuthorize}) are checked here already, before anything reads the request ({@link HandlerAuthorization}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(SecurityConfiguration.RegistryUsers.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String DEFAULT_DEMO_PASSWORD = "demo";

    /** {@code registry.security.users.NAME=ROLE[,ROLE]}; all share the password from REGISTRY_DEMO_PASSWORD. */
    @ConfigurationProperties("registry.security")
    record RegistryUsers(Map<String, List<String>> users) {
        RegistryUsers {
            users = users == null ? Map.of() : new LinkedHashMap<>(users);
        }
    }

    /**
     * The dashboard's browser: a form login, a session cookie, and CSRF protection for everything that rides on the
     * cookie. It serves the login and dashboard pages, and API calls that bring the session cookie and no credentials
     * of their own; every other request goes to {@link #apiChain}, which never creates a session.
     */
    @Bean
    @Order(1)
    SecurityFilterChain browserChain(HttpSecurity http, ApplicationContext context) throws Exception {
        http
                .securityMatcher(DashboardSession::isBrowserRequest)
                .authorizeHttpRequests(requests -> roles(requests, context)
                        .requestMatchers("/dashboard/dashboard.css").permitAll() // the login page's look
                        .requestMatchers("/dashboard", "/dashboard/**").authenticated()
                        .anyRequest().permitAll())
                .formLogin(form -> form.loginPage(DashboardSession.LOGIN).loginProcessingUrl(DashboardSession.LOGIN)
                        .defaultSuccessUrl(DashboardSession.HOME, true).failureUrl(DashboardSession.LOGIN + "?error")
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
                                        "The session has ended; sign in again.", false);
                            }
                        })
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "Your role does not allow this request, or the CSRF token is missing.", false)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
        return http.build();
    }

    /** HTTP Basic on every call: no cookies, no sessions, so nothing another site could forge a request with. */
    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, ApplicationContext context) throws Exception {
        http
                .authorizeHttpRequests(requests -> roles(requests, context).anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) ->
                        problem(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                "Send HTTP Basic credentials of a registry user.", true)))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                        "Send HTTP Basic credentials of a registry user.", true))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "Your role does not allow this request.", false)))
                .csrf(csrf -> csrf.disable()) // every call carries its credentials
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
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
    UserDetailsService userDetailsService(RegistryUsers registryUsers,
                                          @Value("${REGISTRY_DEMO_PASSWORD:}") String demoPassword) {
        String password = demoPassword;
        if (password.isBlank()) {
            log.warn("REGISTRY_DEMO_PASSWORD is not set: every configured user has the password '{}'. "
                    + "Set it before real data go in.", DEFAULT_DEMO_PASSWORD);
            password = DEFAULT_DEMO_PASSWORD;
        }
        // Kept only in memory; a slow hash would cost every Basic-authenticated request and protect nothing more.
        String stored = "{noop}" + password;
        List<UserDetails> users = registryUsers.users().entrySet().stream()
                .map(user -> User.withUsername(user.getKey()).password(stored)
                        .roles(user.getValue().stream().map(String::trim).toArray(String[]::new)).build())
                .toList();
        // Exposed only as a UserDetailsService: Spring Security would otherwise "upgrade" the {noop} passwords
        // to BCrypt on first login and spend ~80 ms of CPU on every later request.
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users);
        return manager::loadUserByUsername;
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String title, String detail,
                                boolean challenge) throws IOException {
        if (challenge) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"pilot-registry\"");
        }
        Problems.write(response, status, title, detail);
    }
}

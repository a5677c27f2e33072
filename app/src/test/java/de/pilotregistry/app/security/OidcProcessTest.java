package de.pilotregistry.app.security;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.ProcessTest;
import de.pilotregistry.app.support.RegistryProcesses;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code registry.security.mode=oidc} against a real OpenID Connect provider (mock-oauth2-server in this JVM: discovery,
 * JWKS, RS256-signed tokens). The registry runs as a process: a second Spring context in the test JVM would pause
 * the shared registry's event processors.
 */
class OidcProcessTest extends ProcessTest {

    private static final String REALM = "jobcenter";
    private MockOAuth2Server provider;

    @BeforeEach
    void provider() {
        provider = new MockOAuth2Server();
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.shutdown();
    }

    private String token(String issuer, String user, List<String> realmRoles, long expirySeconds) {
        return provider.issueToken(issuer, "pilot-registry", new DefaultOAuth2TokenCallback(issuer, "sub-" + user,
                "JWT", List.of("pilot-registry"), Map.of("preferred_username", user,
                "realm_access", Map.of("roles", realmRoles)), expirySeconds)).serialize();
    }

    private static Api.Response call(Api api, String method, String path, String token, String json) {
        return api.sendBytes(null, method, path, json == null ? null : "application/json",
                json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void tokensOfTheJobcentersProviderAndNothingElse() throws Exception {
        int port = RegistryProcesses.freePort();
        Process registry = registries.start(port, "--registry.security.mode=oidc",
                "--registry.security.oidc.issuer-uri=" + provider.issuerUrl(REALM),
                "--registry.security.oidc.audience=pilot-registry",
                "--registry.security.oidc.role-mapping.registry-admin=ADMIN",
                "--registry.security.oidc.role-mapping.registry-evaluator=EVALUATOR");
        Api api = new Api(port);
        RegistryProcesses.awaitHealthy(api, registry);

        String admin = token(REALM, "anna.admin", List.of("offline_access", "registry-admin"), 3600);
        Api.Response defined = call(api, "POST", "/api/pilots", admin, RegistryProcesses.pilot("OIDC pilot"));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        assertThat(call(api, "GET", "/api/pilots", admin, null).status()).isEqualTo(200);

        Api.Response anonymous = call(api, "GET", "/api/pilots", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");

        String evaluator = token(REALM, "eva", List.of("registry-evaluator"), 3600);
        assertThat(call(api, "GET", "/api/pilots", evaluator, null).status()).isEqualTo(200);
        Api.Response wrongRole = call(api, "POST", "/api/pilots", evaluator, RegistryProcesses.pilot("Not mine"));
        assertThat(wrongRole.status()).isEqualTo(403);
        assertThat(wrongRole.contentType()).startsWith("application/problem+json");
        // a role of the provider that the mapping does not name gives nothing here
        assertThat(call(api, "POST", "/api/pilots", token(REALM, "x", List.of("ADMIN"), 3600),
                RegistryProcesses.pilot("Unmapped")).status()).isEqualTo(403);

        Api.Response expired = call(api, "GET", "/api/pilots",
                token(REALM, "anna.admin", List.of("registry-admin"), -3600), null);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.contentType()).startsWith("application/problem+json");
        Api.Response foreign = call(api, "GET", "/api/pilots",
                token("elsewhere", "anna.admin", List.of("registry-admin"), 3600), null);
        assertThat(foreign.status()).isEqualTo(401);
        assertThat(call(api, "GET", "/api/pilots", admin + "x", null).status()).isEqualTo(401);
        // the OpenAPI document tells clients to send a bearer token
        assertThat(api.get(null, "/v3/api-docs").json().at("/components/securitySchemes/bearer/bearerFormat")
                .asText()).isEqualTo("JWT");
        // no password logins in this mode
        assertThat(api.sendBytes(null, "GET", "/api/pilots", null, null,
                Map.of("Authorization", Api.basic("admin", "demo"))).status()).isEqualTo(401);

        // the user is the token's preferred_username (caseworker ids are user names), not its subject
        String pilotId = defined.json().get("pilotId").asText();
        try (Connection db = registries.database();
             PreparedStatement query = db.prepareStatement("select convert_from(metadata, 'UTF8') from "
                     + "domainevententry where aggregateidentifier = ? order by globalindex limit 1")) {
            query.setString(1, pilotId);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).contains("\"recordedBy\":\"anna.admin\"").doesNotContain("sub-anna");
            }
        }
    }
}

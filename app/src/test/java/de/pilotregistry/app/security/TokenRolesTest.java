package de.pilotregistry.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRolesTest {

    private static Jwt token(Map<String, Object> claims) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").issuedAt(Instant.now());
        claims.forEach(jwt::claim);
        return jwt.build();
    }

    private static List<String> roles(TokenRoles converter, Jwt jwt) {
        return converter.convert(jwt).stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void nestedClaimsMappedValuesOnly() {
        TokenRoles keycloak = new TokenRoles("realm_access.roles",
                Map.of("registry-caseworker", List.of("CASEWORKER"), "registry-lead", List.of("ADMIN", "EVALUATOR"),
                        "registry-wizard", List.of("WIZARD")));
        Jwt jwt = token(Map.of("realm_access", Map.of("roles",
                List.of("offline_access", "registry-caseworker", "registry-lead", "registry-wizard", "ADMIN"))));
        assertThat(roles(keycloak, jwt)).containsExactly("ROLE_CASEWORKER", "ROLE_ADMIN", "ROLE_EVALUATOR");
    }

    @Test
    void clientRolesAndStringClaims() {
        TokenRoles client = new TokenRoles("resource_access.pilot-registry.roles", Map.of());
        Jwt jwt = token(Map.of("resource_access", Map.of("pilot-registry", Map.of("roles", List.of("AUDITOR", "x")))));
        assertThat(roles(client, jwt)).containsExactly("ROLE_AUDITOR");
        TokenRoles scope = new TokenRoles("groups", Map.of("g1", List.of("DATA_STEWARD")));
        assertThat(roles(scope, token(Map.of("groups", "g1 g2,g3")))).containsExactly("ROLE_DATA_STEWARD");
        assertThat(roles(scope, token(Map.of("other", "g1")))).isEmpty();
        assertThat(roles(new TokenRoles("a.b", Map.of()), token(Map.of("a", "ADMIN")))).isEmpty();
    }
}

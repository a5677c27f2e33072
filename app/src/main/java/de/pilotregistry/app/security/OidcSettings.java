package de.pilotregistry.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code registry.security.mode=oidc}: bearer tokens of the jobcenter's OpenID Connect provider (e.g. a Keycloak
 * realm) instead of the registry's own users.
 *
 * @param issuerUri     the provider's issuer ({@code https://sso.example/realms/jobcenter}); its signing keys are
 *                      found through {@code /.well-known/openid-configuration} at the first request
 * @param audience      when set, a token must name it in {@code aud} (e.g. the Keycloak client of the registry)
 * @param rolesClaim    where the token carries the user's roles; a dotted path reaches into nested claims, as
 *                      Keycloak's {@code realm_access.roles} or {@code resource_access.pilot-registry.roles}
 * @param usernameClaim the user name: the caseworker id of an assignment is this name
 * @param roleMapping   claim value to registry role(s): {@code role-mapping.registry-caseworker=CASEWORKER}; values
 *                      without an entry give no role. Without any entry a value that is a registry role's name
 *                      ({@code CASEWORKER}) is taken as it is.
 */
@ConfigurationProperties("registry.security.oidc")
record OidcSettings(String issuerUri, String audience, String rolesClaim, String usernameClaim,
                    Map<String, List<String>> roleMapping) {

    OidcSettings {
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "realm_access.roles" : rolesClaim;
        usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? "preferred_username" : usernameClaim;
        roleMapping = roleMapping == null ? Map.of() : new LinkedHashMap<>(roleMapping);
    }
}

package de.pilotregistry.app.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry roles of a token: the values at the configured claim path (nested maps are walked, so Keycloak's
 * {@code realm_access.roles} works; a string value is split at spaces and commas), each mapped through the role
 * mapping. Anything not mapped gives no role: an identity provider holds many roles that mean nothing here.
 */
final class TokenRoles implements Converter<Jwt, Collection<GrantedAuthority>> {

    /** The roles {@code @PreAuthorize} knows; with an empty mapping only these names count. */
    static final Set<String> REGISTRY_ROLES =
            Set.of("ADMIN", "DATA_STEWARD", "CASEWORKER", "EVALUATOR", "AUDITOR", "INTEGRATION");

    private final List<String> path;
    private final Map<String, List<String>> mapping;

    TokenRoles(String claimPath, Map<String, List<String>> mapping) {
        this.path = List.of(claimPath.split("\\."));
        this.mapping = Map.copyOf(mapping);
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Set<String> roles = new LinkedHashSet<>();
        for (String value : values(jwt.getClaims())) {
            if (mapping.isEmpty()) {
                if (REGISTRY_ROLES.contains(value)) {
                    roles.add(value);
                }
            } else {
                for (String role : mapping.getOrDefault(value, List.of())) {
                    if (REGISTRY_ROLES.contains(role.trim())) {
                        roles.add(role.trim());
                    }
                }
            }
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        return authorities;
    }

    private List<String> values(Map<String, Object> claims) {
        Object node = claims;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return List.of();
            }
            node = map.get(step);
        }
        List<String> values = new ArrayList<>();
        if (node instanceof Collection<?> collection) {
            collection.forEach(item -> {
                if (item instanceof String text) {
                    values.add(text);
                }
            });
        } else if (node instanceof String text) {
            for (String part : text.split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    values.add(part);
                }
            }
        }
        return values;
    }
}

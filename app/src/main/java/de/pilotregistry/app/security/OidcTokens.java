package de.pilotregistry.app.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** How a bearer token becomes a registry user: its checks ({@link #decoder}) and its name and roles. */
final class OidcTokens {

    private OidcTokens() {
    }

    /**
     * Signature (keys from the issuer's JWKS, found at the first token, so the registry starts while the provider is
     * briefly away), issuer, expiry and not-before (60 s clock skew), and the audience when configured.
     */
    static JwtDecoder decoder(OidcSettings settings) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(settings.issuerUri()));
        if (settings.audience() != null && !settings.audience().isBlank()) {
            validators.add(new JwtClaimValidator<Object>("aud", aud -> aud instanceof Collection<?> list
                    ? list.contains(settings.audience()) : settings.audience().equals(aud)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /** The user name from the configured claim (caseworker ids are user names), the roles through the mapping. */
    static JwtAuthenticationConverter authentication(OidcSettings settings) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName(settings.usernameClaim());
        converter.setJwtGrantedAuthoritiesConverter(new TokenRoles(settings.rolesClaim(), settings.roleMapping()));
        return converter;
    }
}

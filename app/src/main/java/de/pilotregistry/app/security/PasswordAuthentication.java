package de.pilotregistry.app.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks HTTP Basic credentials against the configured users. Why not Spring's InMemoryUserDetailsManager: it
 * matches user names ignoring case ({@code Admin} would log in as {@code admin}), answers an unknown name faster than
 * a wrong password (which tells a guesser which names exist), and does not throttle.
 * <ul>
 *     <li>user names match exactly;</li>
 *     <li>an unknown name costs one password check against a dummy hash, like a known name with a wrong password;</li>
 *     <li>too many failures for a name or from an address are refused before any check ({@link LoginThrottle});</li>
 *     <li>a repeat of credentials verified a moment ago costs a SHA-256, not a BCrypt check
 *         ({@link VerifiedCredentials}).</li>
 * </ul>
 */
final class PasswordAuthentication implements AuthenticationProvider {

    /** Stored hash and roles of one user. */
    record Account(String hash, List<GrantedAuthority> authorities) {
    }

    private final Map<String, Account> accounts;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final VerifiedCredentials verified;
    private final String dummyHash;

    PasswordAuthentication(Map<String, Account> accounts, PasswordEncoder encoder, LoginThrottle throttle,
                           VerifiedCredentials verified) {
        this.accounts = Map.copyOf(accounts);
        this.encoder = encoder;
        this.throttle = throttle;
        this.verified = verified;
        // the same encoder and cost as the users' hashes ({bcrypt}, strength 10), of a password nobody knows
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
    }

    static List<GrantedAuthority> authorities(List<String> roles) {
        return roles.stream().map(String::trim).filter(role -> !role.isEmpty())
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role)).toList();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        Duration wait = throttle.waitFor(user, address);
        if (!wait.isZero() && !wait.isNegative()) {
            throw new LoginThrottled(wait);
        }
        Account account = accounts.get(user);
        if (account != null && verified.contains(user, password)) {
            return signedIn(user, account);
        }
        boolean matches = encoder.matches(password, account == null ? dummyHash : account.hash());
        if (account == null || !matches) {
            throttle.failed(user, address);
            throw new BadCredentialsException("Bad credentials");
        }
        verified.add(user, password);
        throttle.succeeded(user);
        return signedIn(user, account);
    }

    private static Authentication signedIn(String user, Account account) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null, account.authorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

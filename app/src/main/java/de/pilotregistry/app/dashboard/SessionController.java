package de.pilotregistry.app.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Who is signed in: the dashboard shows the views of these roles, and sends the CSRF token with its logout. */
@RestController
@PreAuthorize("isAuthenticated()")
class SessionController {

    /** {@code csrf} only for a browser session: an API call with its own credentials needs none, and gets none. */
    record Session(String user, List<String> roles, Csrf csrf) {
    }

    record Csrf(String parameter, String header, String token) {
    }

    @GetMapping("/api/session")
    Session session(Authentication user, HttpServletRequest request) {
        List<String> roles = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(role -> role.startsWith("ROLE_")).map(role -> role.substring("ROLE_".length())).sorted().toList();
        Csrf csrf = null;
        if (request.getSession(false) != null && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            csrf = new Csrf(token.getParameterName(), token.getHeaderName(), token.getToken());
        }
        return new Session(user.getName(), roles, csrf);
    }
}

package de.pilotregistry.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * What belongs to the dashboard's browser session. The API authenticates every call (HTTP Basic); a browser signs in
 * once with the login form and then calls the same API with its session cookie. Only such cookie-borne requests can be
 * forged by another site, so only they go through the chain with CSRF protection (writes need the session's token).
 */
final class DashboardSession {

    static final String LOGIN = "/login";
    static final String LOGOUT = "/logout";
    static final String HOME = "/dashboard/";

    private DashboardSession() {
    }

    /**
     * A request of the dashboard's browser: its pages, the login and logout, and API calls that bring the session
     * cookie instead of credentials of their own.
     */
    static boolean isBrowserRequest(HttpServletRequest request) {
        String path = pathOf(request);
        if (isPage(request) || path.equals("/") || path.equals(LOGIN) || path.equals(LOGOUT)) {
            return true;
        }
        return path.startsWith("/api/") && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getRequestedSessionId() != null;
    }

    /** A page a person opens in the browser: unauthenticated, it is sent to the login form instead of a 401. */
    static boolean isPage(HttpServletRequest request) {
        String path = pathOf(request);
        return path.equals("/dashboard") || path.startsWith("/dashboard/");
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}

package de.pilotregistry.app.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's pages: the login form (rendered here, as it must carry the session's CSRF token) and the address of
 * the single-page dashboard, whose files are static resources under {@code /dashboard/} that read the public API.
 */
@Controller
class DashboardPages {

    @GetMapping("/")
    String root() {
        return "redirect:/dashboard/";
    }

    @GetMapping({"/dashboard", "/dashboard/"})
    String dashboard() {
        return "forward:/dashboard/index.html";
    }

    private final boolean ownUsers;

    DashboardPages(@Value("${registry.security.mode:basic}") String mode) {
        this.ownUsers = !"oidc".equals(mode);
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (!ownUsers || csrf == null) {
            return page("<p class=\"notice\" role=\"status\">Diese Registry meldet über den Identitätsdienst des "
                    + "Jobcenters an (OpenID Connect); das Dashboard bietet dafür noch keine Browser-Anmeldung. Die API "
                    + "nimmt Bearer-Tokens. / This registry signs in through the jobcenter's identity provider "
                    + "(OpenID Connect); the dashboard has no browser sign-in for it yet. The API takes bearer "
                    + "tokens.</p>");
        }
        String notice = "";
        if (request.getParameter("throttled") != null) {
            notice = "<p class=\"notice error\" role=\"alert\">Zu viele fehlgeschlagene Anmeldungen; bitte später "
                    + "erneut versuchen. / Too many failed sign-ins; try again later.</p>";
        } else if (request.getParameter("error") != null) {
            notice = "<p class=\"notice error\" role=\"alert\">Anmeldung fehlgeschlagen: Benutzername oder Passwort "
                    + "ist falsch. / Sign-in failed: wrong user name or password.</p>";
        } else if (request.getParameter("logout") != null) {
            notice = "<p class=\"notice\" role=\"status\">Sie sind abgemeldet. / You are signed out.</p>";
        }
        return page(notice + """
                <form method="post" action="/login" id="login-form">
                <label for="username">Benutzername · User name</label>
                <input id="username" name="username" autocomplete="username" required autofocus>
                <label for="password">Passwort · Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit" id="sign-in">Anmelden · Sign in</button>
                </form>
                """.formatted(HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken())));
    }

    private static String page(String content) {
        return """
                <!DOCTYPE html>
                <html lang="de">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Anmelden · Sign in – Pilot Registry</title>
                <link rel="stylesheet" href="/dashboard/dashboard.css">
                </head>
                <body class="login">
                <main id="main">
                <h1>Pilot Registry</h1>
                <p>Anmeldung zum Dashboard · Sign in to the dashboard</p>
                %s
                </main>
                </body>
                </html>
                """.formatted(content);
    }
}

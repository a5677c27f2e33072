package de.pilotregistry.app.dashboard;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.RegistryProcesses;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's browser session over plain HTTP: a form login gives a session cookie; a write that rides on the
 * cookie without the session's CSRF token is refused and stores nothing; API calls with Basic credentials never get
 * a session.
 */
class DashboardSessionTest extends RegistryTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void givenNoSession_whenTheDashboardIsOpened_thenTheLoginFormIsShown() throws Exception {
        HttpResponse<String> page = browser.send(get("/dashboard/"), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> api = browser.send(get("/api/pilots"), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).as("the API without credentials or session").isEqualTo(401);
    }

    @Test
    void givenAFormLogin_whenTheApiIsCalledWithTheCookie_thenReadsWorkAndWritesNeedTheCsrfToken() throws Exception {
        signIn("admin");
        HttpResponse<String> session = browser.send(get("/api/session"), HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.body()).contains("\"user\":\"admin\"", "\"roles\":[\"ADMIN\"]", "\"csrf\":{");

        long before = eventCount();
        String pilot = RegistryProcesses.pilot("Session pilot");
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(uri("/api/pilots"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(pilot)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("a cookie-borne write without the token, as another site could send it")
                .isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(eventCount()).isEqualTo(before);

        String token = session.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        String header = session.body().replaceAll(".*\"header\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> withToken = browser.send(HttpRequest.newBuilder(uri("/api/pilots"))
                .header("Content-Type", "application/json").header(header, token)
                .POST(HttpRequest.BodyPublishers.ofString(pilot)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(201);

        HttpResponse<String> logout = browser.send(HttpRequest.newBuilder(uri("/logout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(browser.send(get("/api/session"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("the session has ended").isEqualTo(401);
    }

    @Test
    void givenAWrongPassword_whenSigningIn_thenTheFormSaysSoAndNoSessionIsSignedIn() throws Exception {
        HttpResponse<String> failed = postLogin("evaluator", "wrong");
        assertThat(failed.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(browser.send(get("/api/session"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void givenBasicCredentials_whenTheApiIsCalled_thenNoSessionIsCreated() {
        Api.Response read = api.get("evaluator", "/api/pilots");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.raw().headers().firstValue("Set-Cookie")).isEmpty();
        Api.Response refused = api.postJson("evaluator", "/api/pilots", "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.raw().headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(api.get("evaluator", "/api/session").body()).contains("\"csrf\":null");
    }

    private void signIn(String user) throws Exception {
        HttpResponse<String> signedIn = postLogin(user, Api.PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/dashboard/");
    }

    private HttpResponse<String> postLogin(String user, String password) throws Exception {
        HttpResponse<String> form = browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(form.body());
        assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
        String body = "username=" + user + "&password=" + password + "&_csrf="
                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Accept", "application/json, text/html").GET().build();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}

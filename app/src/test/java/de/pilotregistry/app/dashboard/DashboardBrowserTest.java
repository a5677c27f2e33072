package de.pilotregistry.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.ProcessTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, no driver download) against the
 * demo as a newcomer starts it: sign in, every view, the figures on the page equal the API's, and changing validAt and
 * knownAt changes the table and the charts. A screenshot of each view is kept in target/screenshots.
 */
class DashboardBrowserTest extends ProcessTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private int port;
    private Api api;
    private WebDriver browser;

    @Test
    void givenTheDemo_whenAnEvaluatorAndAnAuditorUseTheDashboard_thenItShowsTheApisFiguresForBothDates()
            throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(ci || (CHROMIUM.canExecute() && CHROMEDRIVER.canExecute()),
                "no /usr/bin/chromium and /usr/bin/chromedriver here (apt-get install chromium chromium-driver); "
                        + ".ci/run installs them");
        port = freePort();
        api = new Api(port);
        Process demo = registries.start(port, "demo", "--persons=900", "--months=5", "--sites=2", "--seed=12");
        awaitDemo(0, demo);

        browser = chromium();
        try {
            signInIsRequired();
            evaluatorSeesTheApisFigures();
            signOut();
            auditorSeesVerification();
            signOut();
            caseworkerHasNoView();
        } finally {
            browser.quit();
        }
    }

    private void signInIsRequired() throws Exception {
        browser.get(base() + "/dashboard/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        signIn("evaluator", "not-the-password");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("Sign-in failed");
        screenshot("login");
    }

    private void evaluatorSeesTheApisFigures() throws Exception {
        int renders = signIn("evaluator", Api.PASSWORD);
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard/");
        renders = awaitRender(renders);
        assertThat(text("user")).isEqualTo("evaluator");
        String pilot = new Select(browser.findElement(By.id("pilot"))).getFirstSelectedOption().getAttribute("value");
        String validAt = browser.findElement(By.id("validAt")).getAttribute("value");
        assertThat(validAt).as("the pilot's end").isEqualTo("2012-02-29");
        Figures atEnd = pageFigures();
        assertFiguresEqualTheApi(pilot, "to=" + validAt, atEnd);
        screenshot("evaluation");

        // an earlier validAt: fewer exits and job starts, on the page as in the API
        setDate("validAt", "2011-05-31");
        renders = awaitRender(renders);
        Figures earlier = pageFigures();
        assertFiguresEqualTheApi(pilot, "to=2011-05-31", earlier);
        assertThat(earlier.table).isNotEqualTo(atEnd.table);
        assertThat(earlier.charts).isNotEqualTo(atEnd.charts);

        // an earlier knownAt (after the June delivery): what the registry knew then
        setDate("validAt", validAt);
        renders = awaitRender(renders);
        Select knownAt = new Select(browser.findElement(By.id("knownAt")));
        WebElement early = knownAt.getOptions().stream()
                .filter(option -> option.getText().startsWith("Lieferung 2011-06")).findFirst().orElseThrow();
        String earlyKnownAt = early.getAttribute("value");
        knownAt.selectByValue(earlyKnownAt);
        renders = awaitRender(renders);
        Figures knownEarly = pageFigures();
        assertThat(knownEarly.knownAt).isEqualTo(earlyKnownAt);
        assertFiguresEqualTheApi(pilot, "to=" + validAt, knownEarly);
        assertThat(knownEarly.table).isNotEqualTo(atEnd.table);
        assertThat(knownEarly.charts).isNotEqualTo(atEnd.charts);
        screenshot("evaluation-known-at-june");

        // both pilots pooled
        new Select(browser.findElement(By.id("pilot"))).selectByValue("*");
        renders = awaitRender(renders);
        Figures pooled = pageFigures();
        List<String> pilots = new ArrayList<>();
        api.get("evaluator", "/api/pilots").json().forEach(p -> pilots.add("pilot=" + p.get("pilotId").asText()));
        JsonNode outcomes = api.get("evaluator", "/api/outcomes?" + String.join("&", pilots) + "&months=12&knownAt="
                + encode(pooled.knownAt)).json();
        assertThat(pooled.table).isEqualTo(tableOf(outcomes));
        assertThat(browser.findElements(By.cssSelector("#flow .flow-part"))).hasSize(2);
        screenshot("evaluation-pooled");

        // English labels
        browser.findElement(By.id("language")).click();
        awaitRender(renders);
        assertThat(browser.findElement(By.id("evaluation-title")).getText()).isEqualTo("Evaluation: what the pilots did");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        screenshot("evaluation-english");

        browser.findElement(By.id("nav-deliveries")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b ->
                !b.findElements(By.cssSelector("#deliveries tbody tr")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#deliveries tbody tr")))
                .hasSize(api.get("evaluator", "/api/deliveries").json().size());
        screenshot("deliveries");
    }

    private void auditorSeesVerification() throws Exception {
        int renders = signIn("auditor", Api.PASSWORD);
        awaitRender(renders);
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-view")).isEqualTo("audit");
        JsonNode verified = api.get("auditor", "/api/audit/verify").json();
        assertThat(browser.findElement(By.cssSelector("#verification [data-field=firstMismatch]")).getText())
                .isEqualTo("none");
        assertThat(number(browser.findElement(By.cssSelector("#verification [data-field=eventsChecked]")).getText()))
                .isLessThanOrEqualTo(verified.get("eventsChecked").asLong()).isPositive();
        List<WebElement> draws = browser.findElements(By.cssSelector("#draws tbody tr"));
        assertThat(draws).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#draws td[data-ok=true]"))).hasSize(4);

        String pilot = draws.get(0).getAttribute("data-pilot");
        String person = api.get("admin", "/api/pilots/" + pilot + "/participants").json().get(0).get("person").asText();
        int before = renders();
        browser.findElement(By.id("person")).sendKeys(person);
        browser.findElement(By.id("timeline-search")).click();
        awaitRender(before);
        assertThat(browser.findElements(By.cssSelector("#timeline tbody tr[data-position]")))
                .hasSize(api.get("auditor", "/api/audit/persons/" + person + "/timeline").json().get("events").size());
        screenshot("audit");
    }

    private void caseworkerHasNoView() throws Exception {
        int renders = signIn("caseworker1", Api.PASSWORD);
        awaitRender(renders);
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-view")).isEqualTo("none");
        assertThat(browser.findElement(By.id("nav-evaluation")).isDisplayed()).isFalse();
    }

    /** The outcome table as shown, the knownAt it answers for, and the data of both charts. */
    private record Figures(String knownAt, List<String> table, Object charts) {
    }

    private Figures pageFigures() {
        List<String> table = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#outcomes tbody tr"))) {
            List<WebElement> groups = row.findElements(By.cssSelector("td.group")); // data-persons: none if suppressed
            table.add(row.getAttribute("data-outcome") + " " + groups.get(0).getAttribute("data-persons") + "/"
                    + groups.get(0).getAttribute("data-n") + " " + groups.get(1).getAttribute("data-persons") + "/"
                    + groups.get(1).getAttribute("data-n"));
            // the number the reader sees is the one in the attribute; a suppressed one is "–" with a title
            for (WebElement group : groups) {
                String persons = group.getAttribute("data-persons");
                assertThat(group.getText()).startsWith((persons == null ? "–" : persons) + " / ");
                if (persons == null) {
                    assertThat(group.getAttribute("data-suppressed")).isEqualTo("true");
                    assertThat(group.getAttribute("title")).isNotBlank();
                    assertThat(browser.findElement(By.id("suppressed-note")).isDisplayed()).isTrue();
                }
            }
        }
        Object charts = ((JavascriptExecutor) browser).executeScript("return ['outcome-chart', 'series-chart']"
                + ".map(id => Chart.getChart(id)).filter(c => c).map(c => c.data.datasets.map(d => d.data))");
        String knownAt = browser.findElement(By.id("known-at-used")).getAttribute("datetime");
        return new Figures(knownAt, table, charts);
    }

    private void assertFiguresEqualTheApi(String pilot, String window, Figures page) {
        String known = "&knownAt=" + encode(page.knownAt);
        JsonNode outcomes = api.get("evaluator", "/api/pilots/" + pilot + "/outcomes?" + window + known).json();
        assertThat(page.table).isEqualTo(tableOf(outcomes));
        JsonNode series = api.get("evaluator", "/api/pilots/" + pilot + "/series?" + window + known).json();
        List<Double> receiving = new ArrayList<>();
        // a share suppressed as a small count (or as n minus one) is no point of the chart
        series.get("points").forEach(p -> receiving.add(p.at("/participant/receiving/share").isNull() ? null
                : Math.round(p.at("/participant/receiving/share").asDouble() * 1000) / 10.0));
        @SuppressWarnings("unchecked")
        List<List<List<Number>>> charts = (List<List<List<Number>>>) page.charts;
        assertThat(charts).as("both charts drawn").hasSize(2);
        assertThat(charts.get(1).get(0).stream().map(v -> v == null ? null : v.doubleValue()).toList())
                .as("the series chart's participants still receiving").isEqualTo(receiving);
        JsonNode exits = outcomes.at("/outcomes/0/participant/share");
        Number firstBar = charts.get(0).get(0).get(0);
        assertThat(firstBar == null ? null : firstBar.doubleValue()).as("the outcome chart's first bar")
                .isEqualTo(exits.isNull() ? null : Math.round(exits.asDouble() * 1000) / 10.0);
        JsonNode report = api.get("evaluator", "/api/pilots/" + pilot + "/report?" + known.substring(1)).json();
        for (String step : List.of("population", "eligible", "randomized", "participants", "comparison")) {
            assertThat(browser.findElement(By.cssSelector("#flow li[data-field=" + step + "] strong"))
                    .getAttribute("data-value")).isEqualTo(report.at("/parts/0/flow/" + step).asText());
        }
    }

    private static List<String> tableOf(JsonNode outcomes) {
        List<String> rows = new ArrayList<>();
        outcomes.get("outcomes").forEach(row -> rows.add(row.get("outcome").asText() + " "
                + row.at("/participant/persons").asText() + "/" + row.at("/participant/n").asText() + " "
                + row.at("/comparison/persons").asText() + "/" + row.at("/comparison/n").asText()));
        return rows;
    }

    private int signIn(String user, String password) {
        browser.get(base() + "/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        return 0;
    }

    private void signOut() {
        browser.findElement(By.id("logout")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> b.getCurrentUrl().endsWith("/login?logout"));
        browser.get(base() + "/dashboard/");
        assertThat(browser.getCurrentUrl()).as("the session ended").endsWith("/login");
    }

    private void setDate(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("const input = document.getElementById(arguments[0]);"
                + "input.value = arguments[1]; input.dispatchEvent(new Event('change'));", id, value);
    }

    private int renders() {
        String renders = browser.findElement(By.tagName("body")).getAttribute("data-renders");
        return renders == null ? 0 : Integer.parseInt(renders);
    }

    /** Waits until the page has drawn once more than {@code before} and shows no error; the new count. */
    private int awaitRender(int before) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> renders() > before
                && "ready".equals(b.findElement(By.tagName("body")).getAttribute("data-state")));
        assertThat(browser.findElement(By.id("status")).getAttribute("class")).as(text("status")).isNotEqualTo("error");
        return renders();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        // the whole page: the window as tall as the document for the moment of the shot
        Dimension window = browser.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 140, 6000)));
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static long number(String shown) {
        return Long.parseLong(shown.replaceAll("[^0-9]", ""));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static WebDriver chromium() {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // the flags that keep Chromium from calling out of this closed network at every start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1366,1000", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--lang=de-DE");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "de-DE,de"));
        return new ChromeDriver(service, options);
    }
}

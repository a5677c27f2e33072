package de.pilotregistry.app.security;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role × endpoint matrix of docs/access-matrix.md against the running registry: every mapped /api endpoint has a
 * row (and every row an endpoint), and every endpoint is called with every role and without credentials. Allowed
 * ({@code yes}, {@code own}): anything but 401/403 (a domain answer such as 404, 409, 422 or 400 is fine, the
 * arguments here are mostly nonsense); refused: 403 problem+json that names nothing of the request's data;
 * anonymous: 401.
 */
class RoleMatrixTest extends RegistryTest {

    /** The user of each role in the test profile (demo users). */
    private static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        USERS.put("ADMIN", "admin");
        USERS.put("DATA_STEWARD", "steward");
        USERS.put("CASEWORKER", "caseworker1");
        USERS.put("EVALUATOR", "evaluator");
        USERS.put("AUDITOR", "auditor");
        USERS.put("INTEGRATION", "integration");
    }

    private static final String PERSON = "MATRIX-PERSON-0001";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    record Row(String endpoint, Map<String, String> cells) {
    }

    static Map<String, Row> matrix() throws IOException {
        Path file = Path.of("..", "docs", "access-matrix.md");
        if (!Files.exists(file)) {
            file = Path.of("docs", "access-matrix.md");
        }
        List<String> header = null;
        Map<String, Row> rows = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|")) {
                cells.add(cell.trim());
            }
            if (header == null) {
                header = cells;
                continue;
            }
            String endpoint = cells.get(0).replace("`", "");
            Map<String, String> byRole = new LinkedHashMap<>();
            for (int i = 1; i < header.size(); i++) {
                byRole.put(header.get(i), cells.get(i));
            }
            assertThat(rows.put(endpoint, new Row(endpoint, byRole))).as("two rows for " + endpoint).isNull();
        }
        return rows;
    }

    /** "METHOD /path" of every /api handler, with the media type its body takes (null: none). */
    private Map<String, String> mappedEndpoints() {
        Map<String, String> endpoints = new TreeMap<>();
        handlers.getHandlerMethods().forEach((mapping, method) -> {
            if (method.getBeanType().getPackageName().startsWith("de.pilotregistry.app.support")) {
                return; // the tests' own failing endpoints (FailingEndpoints), not the registry's
            }
            for (String path : mapping.getPatternValues()) {
                if (!path.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod verb : mapping.getMethodsCondition().getMethods()) {
                    String consumes = mapping.getConsumesCondition().getConsumableMediaTypes().stream()
                            .findFirst().map(MediaType::toString).orElse(null);
                    endpoints.put(verb + " " + path, consumes);
                }
            }
        });
        return endpoints;
    }

    @Test
    void everyEndpointHasARowAndEveryRowAnEndpoint() throws IOException {
        Map<String, Row> matrix = matrix();
        Map<String, String> mapped = mappedEndpoints();
        assertThat(new TreeSet<>(mapped.keySet())).as("endpoints without a row in docs/access-matrix.md")
                .isSubsetOf(matrix.keySet());
        assertThat(new TreeSet<>(matrix.keySet())).as("rows of docs/access-matrix.md without an endpoint")
                .isSubsetOf(mapped.keySet());
        for (Row row : matrix.values()) {
            assertThat(row.cells().keySet()).containsExactly("ADMIN", "DATA_STEWARD", "CASEWORKER", "EVALUATOR",
                    "AUDITOR", "INTEGRATION", "anonymous");
            assertThat(row.cells().values()).as(row.endpoint()).allMatch(cell -> List.of("yes", "no", "own")
                    .contains(cell));
            assertThat(row.cells().get("anonymous")).as(row.endpoint()).isEqualTo("no");
        }
    }

    @Test
    void everyRoleGetsWhatTheMatrixSays() throws IOException {
        String pilot = definePilot(5);
        Map<String, String> mapped = mappedEndpoints();
        List<String> wrong = new ArrayList<>();
        for (Row row : matrix().values()) {
            String consumes = mapped.get(row.endpoint());
            String method = row.endpoint().substring(0, row.endpoint().indexOf(' '));
            String path = row.endpoint().substring(row.endpoint().indexOf(' ') + 1)
                    .replace("{pilotId}", pilot).replace("{person}", PERSON)
                    // no such projection: an allowed call must not start a real rebuild of the shared registry
                    .replace("{name}", "no-such-projection")
                    // no such caseworker: an allowed erasure must not destroy the key of one the other tests use
                    .replace("{caseworker}", "no-such-caseworker")
                    // an allowed stream would stay open: a bad resume position answers 400 after the role check
                    .replace("/api/feed/stream", "/api/feed/stream?after=not-a-position");
            for (Map.Entry<String, String> cell : row.cells().entrySet()) {
                String user = cell.getKey().equals("anonymous") ? null : USERS.get(cell.getKey());
                Api.Response answer = api.send(user, method, path, consumes, body(consumes), null);
                String seen = row.endpoint() + " as " + cell.getKey() + " (" + cell.getValue() + "): " + answer;
                if (user == null) {
                    if (answer.status() != 401 || !answer.contentType().startsWith("application/problem+json")) {
                        wrong.add(seen);
                    }
                } else if (cell.getValue().equals("no")) {
                    if (answer.status() != 403 || !answer.contentType().startsWith("application/problem+json")
                            || answer.body().contains(pilot) || answer.body().contains(PERSON)
                            || answer.body().contains("no-such-projection")) {
                        wrong.add(seen);
                    }
                } else if (answer.status() == 401 || answer.status() == 403 || answer.status() >= 500) {
                    wrong.add(seen);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String body(String consumes) {
        if (consumes == null) {
            return null;
        }
        return switch (consumes) {
            case "application/json" -> "{}";
            case "text/csv" -> "person\nMATRIX-PERSON-0001\n";
            default -> "not a checkpoint";
        };
    }
}

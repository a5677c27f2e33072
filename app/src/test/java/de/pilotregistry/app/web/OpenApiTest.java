package de.pilotregistry.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document describes every API endpoint the application maps, with its roles. */
class OpenApiTest extends RegistryTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void givenTheRunningApp_whenTheOpenApiDocumentIsFetched_thenEveryMappedApiEndpointIsInIt() {
        Api.Response document = api.get(null, "/v3/api-docs");
        assertThat(document.status()).isEqualTo(200);
        JsonNode paths = document.json().get("paths");

        List<String> missing = new ArrayList<>();
        handlers.getHandlerMethods().forEach((mapping, method) -> {
            for (String path : mapping.getPatternValues()) {
                if (!path.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod verb : mapping.getMethodsCondition().getMethods()) {
                    JsonNode operation = paths.path(path).path(verb.name().toLowerCase(Locale.ROOT));
                    if (operation.isMissingNode()) {
                        missing.add(verb + " " + path);
                    }
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(paths.path("/api/pilots").path("post").path("description").asText()).contains("Roles: ADMIN");
        assertThat(paths.path("/api/feed").path("get").path("description").asText())
                .contains("Roles: INTEGRATION, ADMIN");
        assertThat(paths.path("/api/feed/stream").path("get").path("description").asText())
                .contains("Roles: INTEGRATION, ADMIN");
        assertThat(document.json().at("/components/securitySchemes/basic/scheme").asText()).isEqualTo("basic");
    }

    @Test
    void givenNoCredentials_whenSwaggerUiIsOpened_thenItIsServedFromTheJar() {
        Api.Response page = api.get(null, "/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }
}

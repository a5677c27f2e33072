package de.pilotregistry.app.database;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs where the tests run, so docker/ is checked as text: the compose file deploys what
 * ThreeNodesTest starts as processes (one command node, two query nodes on one PostgreSQL, one signing key for both
 * query nodes), and Prometheus scrapes exactly those nodes with a role that may read metrics.
 */
class DockerTopologyTest {

    private static final Path DOCKER = Path.of("..", "docker");

    @Test
    @SuppressWarnings("unchecked")
    void givenTheComposeFile_whenRead_thenOneCommandAndTwoQueryNodesShareTheDatabaseAndTheKeysAndAreScraped()
            throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DOCKER.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        List<String> commandNodes = new ArrayList<>();
        List<String> queryNodes = new ArrayList<>();
        services.forEach((name, service) -> {
            if (service.containsKey("profiles")) {
                return; // optional variants, not part of the default topology
            }
            List<String> command = (List<String>) service.getOrDefault("command", List.of());
            if (command.contains("--registry.roles=command")) {
                commandNodes.add(name);
            } else if (command.contains("--registry.roles=query")) {
                queryNodes.add(name);
            } else {
                return;
            }
            Map<String, String> environment = (Map<String, String>) service.get("environment");
            assertThat(environment.get("SPRING_DATASOURCE_URL")).as(name)
                    .isEqualTo("jdbc:postgresql://postgres:5432/registry");
            assertThat(environment.get("REGISTRY_AUDIT_SIGNING_KEY")).as(name).startsWith("/keys/");
            assertThat(environment.get("REGISTRY_PRIVACY_MASTER_KEY")).as(name).isEqualTo("/keys/master-key");
            assertThat((List<String>) service.get("volumes")).as(name).contains("keys:/keys");
            assertThat(service.get("build").toString()).contains("docker/Dockerfile");
        });
        assertThat(commandNodes).hasSize(1);
        assertThat(queryNodes).hasSize(2);
        assertThat(services).containsKeys("postgres", "prometheus");

        Map<String, Object> prometheus = new Yaml().load(Files.readString(DOCKER.resolve("prometheus.yml")));
        Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(((Map<String, String>) job.get("basic_auth")).get("username")).isIn("auditor", "admin");
        List<String> targets = ((List<Map<String, Object>>) job.get("static_configs")).stream()
                .flatMap(group -> ((List<String>) group.get("targets")).stream()).toList();
        List<String> nodes = new ArrayList<>(commandNodes);
        nodes.addAll(queryNodes);
        assertThat(targets).containsExactlyInAnyOrderElementsOf(nodes.stream().map(node -> node + ":8080").toList());
    }

    @Test
    void givenTheDockerfile_whenRead_thenItCopiesTheJarTheBuildMakes() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertThat(dockerfile).contains("/src/app/target/pilot-registry.jar");
        assertThat(Files.readString(Path.of("pom.xml"))).as("the app module's build names the jar so")
                .contains("<finalName>pilot-registry</finalName>");
    }
}

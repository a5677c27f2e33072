package de.pilotregistry.app.database;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.RegistryProcesses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static de.pilotregistry.app.support.RegistryProcesses.pilot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One command node and two query nodes as separate processes on one PostgreSQL (as docker/ deploys them): the
 * projections' segments spread over both query nodes, both answer reads of the command node's writes, and when one
 * query node dies the other takes its segments over.
 */
class ThreeNodesTest {

    @TempDir
    Path dataDir;

    private EmbeddedPostgres postgres;
    private RegistryProcesses command;
    private RegistryProcesses query1;
    private RegistryProcesses query2;

    @AfterEach
    void stop() throws Exception {
        for (RegistryProcesses nodes : new RegistryProcesses[]{query1, query2, command}) {
            if (nodes != null) {
                nodes.stopAll();
            }
        }
        postgres.close();
    }

    @Test
    void givenOneCommandAndTwoQueryNodes_whenWriting_thenSegmentsSpreadBothAnswerAndASurvivorTakesOver()
            throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("db")).setCleanDataDirectory(true).start();
        Map<String, String> database = Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", "");
        command = new RegistryProcesses(dataDir.resolve("command"));
        query1 = new RegistryProcesses(dataDir.resolve("query1"));
        query2 = new RegistryProcesses(dataDir.resolve("query2"));
        int commandPort = freePort();
        int port1 = freePort();
        int port2 = freePort();
        // one master key for all nodes, as docker/docker-compose.yml shares it: a node with another one refuses to start
        String masterKey = "--registry.privacy.master-key=" + dataDir.resolve("master-key");
        Process writer = command.startWith(database, commandPort, "--registry.roles=command", masterKey);
        awaitHealthy(new Api(commandPort), writer);
        Process first = query1.startWith(database, port1, "--registry.roles=query", masterKey);
        awaitHealthy(new Api(port1), first);
        Process second = query2.startWith(database, port2, "--registry.roles=query", masterKey);
        awaitHealthy(new Api(port2), second);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ownersOf("cases")).as("the two segments of cases on two nodes").hasSize(2));

        for (int i = 0; i < 5; i++) {
            Api.Response defined = new Api(commandPort).postJson("admin", "/api/pilots", pilot("Pilot " + i));
            assertThat(defined.status()).isEqualTo(201);
            String position = defined.raw().headers().firstValue("Registry-Position").orElseThrow();
            String path = "/api/pilots/" + defined.json().get("pilotId").asText() + "?minPosition=" + position;
            assertThat(new Api(port1).get("admin", path).status()).isEqualTo(200);
            assertThat(new Api(port2).get("admin", path).status()).isEqualTo(200);
        }

        rebuildWhileWriting(commandPort, port1, port2);

        first.destroyForcibly().waitFor(); // kill -9: its claims and heartbeat time out
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ownersOf("cases")).as("the survivor holds both segments").hasSize(1));
        Api.Response after = new Api(commandPort).postJson("admin", "/api/pilots", pilot("After the loss"));
        String position = after.raw().headers().firstValue("Registry-Position").orElseThrow();
        assertThat(new Api(port2).get("admin", "/api/pilots/" + after.json().get("pilotId").asText()
                + "?minPosition=" + position + "&wait=PT20S").status()).isEqualTo(200);
    }

    /**
     * A rebuild of the pilots projection started on the second query node while the command node takes writes: it
     * completes, every node's live processor pauses for the switch-over and resumes, both nodes see every write,
     * and no shadow table is left.
     */
    private void rebuildWhileWriting(int commandPort, int port1, int port2) throws Exception {
        Api.Response started = new Api(port2).postJson("admin", "/api/admin/projections/pilots/replay", "");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(new Api(port1).postJson("admin", "/api/admin/projections/pilots/replay", "").status())
                .as("one rebuild at a time, across nodes").isEqualTo(409);
        java.util.List<String> written = new java.util.ArrayList<>();
        String lastPosition = "0";
        long deadline = System.currentTimeMillis() + 120_000;
        String state = "";
        while (!state.equals("DONE") && System.currentTimeMillis() < deadline) {
            Api.Response defined = new Api(commandPort).postJson("admin", "/api/pilots", pilot("During the rebuild"));
            written.add(defined.json().get("pilotId").asText());
            lastPosition = defined.raw().headers().firstValue("Registry-Position").orElseThrow();
            state = new Api(port2).get("admin", "/api/admin/projections/pilots/replay").json().get("state").asText();
            assertThat(state).isIn("RUNNING", "SWITCHING", "DONE");
        }
        assertThat(state).isEqualTo("DONE");
        for (int port : new int[]{port1, port2}) {
            for (String pilot : written) {
                assertThat(new Api(port).get("admin", "/api/pilots/" + pilot + "?minPosition=" + lastPosition
                        + "&wait=PT20S").status()).as("pilot " + pilot + " on " + port).isEqualTo(200);
            }
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet shadow = statement.executeQuery("select count(*) from pg_tables where tablename like '%\\_\\_next'");
             ) {
            shadow.next();
            assertThat(shadow.getLong(1)).as("shadow tables left").isZero();
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet counts = statement.executeQuery("select (select count(*) from q_pilot), (select count(*) from "
                     + "domainevententry where payloadtype like '%PilotDefined')")) {
            counts.next();
            assertThat(counts.getLong(1)).as("every pilot exactly once").isEqualTo(counts.getLong(2));
        }
    }

    private Set<String> ownersOf(String processor) throws Exception {
        Set<String> owners = new HashSet<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select owner from tokenentry where processorname = '"
                     + processor + "' and owner is not null")) {
            while (rows.next()) {
                owners.add(rows.getString(1));
            }
        }
        return owners;
    }

}

package de.pilotregistry.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.OutageProxy;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.ProcessTest;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code registry.amqp.enabled=true} every event reaches the exchange (one of the test's own) once, in global
 * order, as a structured CloudEvent with its type as routing key. Needs RabbitMQ at 127.0.0.1:5672 (guest/guest);
 * skipped without one. A registry process of its own (the shared test registry runs without AMQP).
 */
class AmqpPublisherTest extends ProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenConcurrentWriters_whenTheRegistryPublishes_thenEveryEventArrivesOnceInOrder() throws Exception {
        Broker.require();
        try (Connection connection = Broker.connect(); Channel channel = connection.createChannel();
             Broker.TestExchange exchange = new Broker.TestExchange(connection)) {
            String queue = exchange.freshQueue(channel, "de.pilotregistry.#");

            int port = freePort();
            Process registry = registries.start(port, "--logging.level.root=WARN", "--registry.amqp.enabled=true",
                    exchange.argument());
            Api api = new Api(port);
            awaitHealthy(api, registry);
            String prefix = Populations.uniquePrefix();
            Api.Response defined = api.postJson("admin", "/api/pilots", """
                    {"name":"AMQP","jobcenter":"Kreis Borken","site":"Velen","start":"2011-03-01",
                     "end":"2012-02-29","participantPlaces":5}""");
            assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
            String pilot = defined.json().get("pilotId").asText();
            assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                    Populations.csv(prefix, 30, 5)).status()).isEqualTo(200);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    Api client = new Api(port);
                    for (int round = 0; round < 25; round++) {
                        String person = prefix + String.format("%06d", (writer * 7 + round) % 30);
                        assertThat(client.postJson("steward", "/api/persons/" + person + "/facts",
                                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-05-0" + (1 + round % 9)
                                        + "\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}").status())
                                .isEqualTo(201);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<String> stored = new ArrayList<>();
            try (java.sql.Connection database = registries.database(); Statement statement = database.createStatement();
                 ResultSet rows = statement.executeQuery("select eventidentifier from domainevententry "
                         + "order by globalindex")) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            assertThat(stored).hasSizeGreaterThan(130);

            List<String> received = new ArrayList<>();
            long last = 0;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (received.size() < stored.size() && Instant.now().isBefore(deadline)) {
                GetResponse message = channel.basicGet(queue, true);
                if (message == null) {
                    Thread.sleep(50);
                    continue;
                }
                JsonNode event = JSON.readTree(message.getBody());
                assertThat(message.getProps().getContentType()).startsWith("application/cloudevents+json");
                assertThat(message.getEnvelope().getRoutingKey()).isEqualTo(event.path("type").asText());
                assertThat(event.path("specversion").asText()).isEqualTo("1.0");
                assertThat(event.path("sequence").asLong()).isGreaterThan(last);
                last = event.path("sequence").asLong();
                received.add(event.path("id").asText());
                if (event.path("type").asText().equals("de.pilotregistry.pilot.PilotDefined")) {
                    assertThat(event.path("source").asText()).isEqualTo("/pilot-registry/Kreis%20Borken");
                    assertThat(event.path("data").path("start").asText()).isEqualTo("2011-03-01");
                }
            }
            assertThat(received).containsExactlyElementsOf(stored);
            Thread.sleep(500);
            assertThat(channel.basicGet(queue, true)).as("nothing published twice").isNull();
        }
    }

    /**
     * The broker goes away while facts are recorded: the publisher's token stays behind what the broker has not
     * confirmed, and once the broker is back every event arrives (at least once: a batch cut short is published
     * again), first occurrences in global order.
     */
    @Test
    void givenTheBrokerGoesAway_whenItIsBack_thenNoEventIsSkipped() throws Exception {
        Broker.require();
        try (OutageProxy proxy = new OutageProxy(freePort(), 5672);
             Connection connection = Broker.connect(); Channel channel = connection.createChannel();
             Broker.TestExchange exchange = new Broker.TestExchange(connection)) {
            String queue = exchange.freshQueue(channel, "#");
            int port = freePort();
            Process registry = registries.start(port, "--logging.level.root=WARN", "--registry.amqp.enabled=true",
                    "--spring.rabbitmq.port=" + proxy.port(), exchange.argument());
            Api api = new Api(port);
            awaitHealthy(api, registry);
            String prefix = Populations.uniquePrefix();
            Api.Response defined = api.postJson("admin", "/api/pilots", """
                    {"name":"Outage","jobcenter":"Kreis Borken","site":"Velen","start":"2011-03-01",
                     "end":"2012-02-29","participantPlaces":5}""");
            String pilot = defined.json().get("pilotId").asText();
            assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                    Populations.csv(prefix, 10, 5)).status()).isEqualTo(200);
            List<String> received = new ArrayList<>();
            receive(channel, queue, received, storedIds().size(), Duration.ofSeconds(30));

            proxy.cut();
            for (int i = 0; i < 20; i++) {
                assertThat(api.postJson("steward", "/api/persons/" + prefix + String.format("%06d", i % 10) + "/facts",
                        "{\"type\":\"CONTACT\",\"effective_date\":\"2011-05-02\",\"channel\":\"PHONE\","
                                + "\"outcome\":\"ATTENDED\"}").status()).isEqualTo(201);
            }
            Thread.sleep(3000);
            long head = head();
            assertThat(publisherToken()).as("the token does not pass what the broker has not confirmed")
                    .isLessThan(head);
            proxy.restore();
            receive(channel, queue, received, Integer.MAX_VALUE, Duration.ofSeconds(90));
            List<String> firstOccurrences = received.stream().distinct().toList();
            assertThat(firstOccurrences).containsExactlyElementsOf(storedIds());
            assertThat(publisherToken()).isEqualTo(head);
        }
    }

    /** Takes messages until {@code count} distinct ids or, for MAX_VALUE, every stored event is there. */
    private void receive(Channel channel, String queue, List<String> into, int count, Duration within)
            throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            int wanted = count == Integer.MAX_VALUE ? storedIds().size() : count;
            if (into.stream().distinct().count() >= wanted) {
                return;
            }
            GetResponse message = channel.basicGet(queue, true);
            if (message == null) {
                Thread.sleep(50);
            } else {
                into.add(JSON.readTree(message.getBody()).path("id").asText());
            }
        }
        throw new AssertionError("only " + into.stream().distinct().count() + " events arrived within " + within);
    }

    private List<String> storedIds() throws Exception {
        List<String> stored = new ArrayList<>();
        try (java.sql.Connection database = registries.database(); Statement statement = database.createStatement();
             ResultSet rows = statement.executeQuery("select eventidentifier from domainevententry "
                     + "order by globalindex")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        return stored;
    }

    private long head() throws Exception {
        try (java.sql.Connection database = registries.database(); Statement statement = database.createStatement();
             ResultSet rows = statement.executeQuery("select max(globalindex) from domainevententry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The position the publisher's stored token names (-1 without one). */
    private long publisherToken() throws Exception {
        try (java.sql.Connection database = registries.database(); Statement statement = database.createStatement();
             ResultSet rows = statement.executeQuery("select convert_from(token, 'UTF8') from tokenentry "
                     + "where processorname = 'amqp-publisher' and token is not null")) {
            if (!rows.next()) {
                return -1;
            }
            java.util.regex.Matcher index = java.util.regex.Pattern.compile("\"index\":(\\d+)")
                    .matcher(rows.getString(1));
            return index.find() ? Long.parseLong(index.group(1)) : -1;
        }
    }

}

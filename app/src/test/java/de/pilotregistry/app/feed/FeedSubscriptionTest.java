package de.pilotregistry.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.ProcessTest;
import de.pilotregistry.app.support.RegistryProcesses;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static de.pilotregistry.app.support.RegistryProcesses.awaitHealthy;
import static de.pilotregistry.app.support.RegistryProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriptions per integration user, over real HTTP on a registry process: a history of two pilots is written, the
 * registry is started again with subscriptions naming one of them (pilot ids exist only once the pilots do), and each
 * user's feed is compared with the event table; with RabbitMQ at 127.0.0.1:5672 (required when CI=true) the broker
 * publishes as one of the subscriptions, too.
 */
class FeedSubscriptionTest extends ProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static final String CONTACT = "de.pilotregistry.casefile.ContactRecorded";
    private static final String RETRACTED = "de.pilotregistry.casefile.FactRetracted";

    @Test
    void givenSubscriptions_whenEachUserFollowsTheFeed_thenTheyGetExactlyTheirEventsShapedForThem() throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Process first = registries.start(port);
        awaitHealthy(api, first);
        String prefixA = Populations.uniquePrefix() + "A";
        String prefixB = Populations.uniquePrefix() + "B";
        String pilotA = define(api, "Subscribed");
        String pilotB = define(api, "Other");
        Map<String, String> customerNumbers = new LinkedHashMap<>();
        String populationB = withCustomerNumbers(Populations.csv(prefixB, 20, 5), customerNumbers);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilotB + "/population", populationB).status())
                .isEqualTo(200);
        // a person of B whose first fact comes before they enter A: that fact is not A's, the later one is
        String mover = prefixB + "000000";
        assertThat(contact(api, mover, "2011-03-02")).isEqualTo(201);
        String populationA = withCustomerNumbers(Populations.csv(prefixA, 20, 3), customerNumbers)
                + populationB.split("\n")[1] + "\n";
        Api.Response importedA = api.postCsv("steward", "/api/pilots/" + pilotA + "/population", populationA);
        assertThat(importedA.status()).as(importedA.toString()).isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilotA + "/draw", "").status()).isEqualTo(201);
        assertThat(api.postJson("admin", "/api/pilots/" + pilotB + "/draw", "").status()).isEqualTo(201);
        String caseworkerName = "Anna Schulte-" + prefixA;
        assertThat(api.postJson("admin", "/api/pilots/" + pilotA + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"" + caseworkerName + "\"}").status()).isEqualTo(201);
        for (int i = 0; i < 8; i++) {
            assertThat(contact(api, prefixA + String.format("%06d", i), "2011-04-0" + (1 + i))).isEqualTo(201);
            assertThat(contact(api, prefixB + String.format("%06d", i + 1), "2011-04-0" + (1 + i))).isEqualTo(201);
            if (i < 3) {
                assertThat(api.postJson("steward", "/api/persons/" + prefixA + String.format("%06d", i) + "/facts",
                        "{\"type\":\"JOB_START\",\"effective_date\":\"2011-06-01\",\"employment_type\":\"FULL_TIME\","
                                + "\"monthly_wage\":2100.00}").status()).isEqualTo(201);
            }
        }
        assertThat(contact(api, mover, "2011-04-20")).isEqualTo(201);
        Api.Response toRetract = api.postJson("steward", "/api/persons/" + prefixA + "000009/facts",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-05-02\",\"channel\":\"PHONE\",\"outcome\":\"MISSED\"}");
        String retractionReason = "booked for the wrong person " + prefixA;
        assertThat(api.postJson("steward", "/api/persons/" + prefixA + "000009/facts",
                "{\"type\":\"RETRACTION\",\"corrects\":\"" + toRetract.json().get("eventId").asText()
                        + "\",\"reason\":\"" + retractionReason + "\"}").status()).isEqualTo(201);
        String erasureReason = "Art. 17 request " + prefixA;
        Api.Response erased = api.postJson("admin", "/api/persons/" + prefixA + "000004/erase",
                "{\"reason\":\"" + erasureReason + "\"}");
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        stop(first);

        List<String> args = new ArrayList<>(List.of("--registry.security.demo-users=true",
                "--registry.security.users.partner=INTEGRATION", "--registry.security.users.reader=INTEGRATION",
                "--registry.feed.subscriptions.partner.pilots=" + pilotA,
                "--registry.feed.subscriptions.partner.types=" + CONTACT + "," + RETRACTED,
                "--registry.feed.subscriptions.reader.free-text=true",
                "--registry.feed.subscriptions.reader.comparison-group=true"));
        // the broker publishes as the partner: a fresh queue, bound before the publisher starts from the first event
        com.rabbitmq.client.Connection broker = null;
        String queue = null;
        Broker.TestExchange exchange = null;
        if (Broker.answers()) {
            broker = Broker.connect();
            exchange = new Broker.TestExchange(broker);
            Channel channel = broker.createChannel();
            queue = exchange.freshQueue(channel, "#");
            args.addAll(List.of("--registry.amqp.enabled=true", "--registry.amqp.subscription=partner",
                    exchange.argument()));
        } else {
            assertThat(System.getenv("CI")).as("RabbitMQ at 127.0.0.1:5672, which CI must provide").isNotEqualTo("true");
        }
        Process second = registries.start(port, args.toArray(String[]::new));
        awaitHealthy(api, second);

        // the partner: exactly A's contacts and retractions, over several pages, none empty before the end
        List<String> expected = ofPilotA(pilotA);
        assertThat(expected).hasSizeGreaterThan(10);
        List<JsonNode> partner = follow(api, "partner", 3);
        assertThat(partner.stream().map(event -> event.path("id").asText()).toList())
                .as("A's contacts and retractions, in global order").containsExactlyElementsOf(expected);
        assertThat(partner).filteredOn(event -> event.path("subject").asText().equals(mover)).hasSize(1);
        JsonNode retraction = partner.stream().filter(event -> event.path("type").asText().equals(RETRACTED))
                .findFirst().orElseThrow();
        assertThat(retraction.path("data").has("reason")).as("free text without free-text").isFalse();
        assertThat(retraction.path("data").path("corrects").asText()).isEqualTo(toRetract.json().get("eventId").asText());

        if (broker != null) {
            Channel channel = broker.createChannel();
            assertThat(published(channel, queue, expected.size()))
                    .as("the broker's events: the partner's, each at least once").containsExactlyElementsOf(expected);
            exchange.close();
            broker.close();
        }

        // the same subscription over the stream
        try (SseClient stream = new SseClient(port, "partner", "0")) {
            assertThat(stream.status).isEqualTo(200);
            List<String> streamed = new ArrayList<>();
            while (streamed.size() < expected.size()) {
                SseClient.Frame frame = stream.next(20);
                assertThat(frame).as("stream ended after " + streamed.size()).isNotNull();
                if (frame.data() != null) {
                    streamed.add(JSON.readTree(frame.data()).path("id").asText());
                }
            }
            assertThat(streamed).containsExactlyElementsOf(expected);
        }

        // the reader: everything, free text (the sealed erasure reason opened), the comparison group
        List<JsonNode> reader = follow(api, "reader", 1000);
        List<JsonNode> integration = follow(api, "integration", 1000);
        assertThat(reader).hasSameSizeAs(integration).hasSize((int) storedCount());
        assertThat(single(reader, RETRACTED).path("data").path("reason").asText()).isEqualTo(retractionReason);
        assertThat(single(reader, "de.pilotregistry.privacy.PersonErased").path("data").path("reason").asText())
                .isEqualTo(erasureReason);
        assertThat(single(integration, RETRACTED).path("data").has("reason")).isFalse();
        assertThat(single(integration, "de.pilotregistry.privacy.PersonErased").path("data").has("reason")).isFalse();
        for (JsonNode drawn : reader) {
            if (drawn.path("type").asText().equals("de.pilotregistry.pilot.GroupsDrawn")) {
                assertThat(drawn.path("data").path("comparison")).as("entitled").isNotEmpty();
            }
        }
        for (JsonNode drawn : integration) {
            if (drawn.path("type").asText().equals("de.pilotregistry.pilot.GroupsDrawn")) {
                assertThat(drawn.path("data").path("comparison")).as("blinded").isEmpty();
                assertThat(drawn.path("data").path("comparisonWithheld").asBoolean()).isTrue();
            }
        }
        JsonNode registered = single(reader, "de.pilotregistry.pilot.CaseworkerRegistered");
        assertThat(registered.path("data").has("name")).isFalse();
        assertThat(reader).filteredOn(event -> event.path("type").asText().endsWith("PopulationMemberRecorded"))
                .allSatisfy(record -> assertThat(record.path("data").has("customerNumber")).isFalse());

        // sealed values never leave, neither in plain text nor sealed, for any user on any path
        for (String user : List.of("partner", "reader", "integration", "admin")) {
            String body = api.get(user, "/api/feed?after=0&limit=1000").body();
            assertThat(body).as(user).doesNotContain("v1:").doesNotContain(caseworkerName);
            customerNumbers.values().forEach(number -> assertThat(body).as(user).doesNotContain(number));
            if (!user.equals("reader")) {
                assertThat(body).as(user).doesNotContain(erasureReason).doesNotContain(retractionReason);
            }
        }
    }

    @Test
    void givenAnUnknownTypeInASubscription_whenTheRegistryStarts_thenItRefusesNamingIt() throws Exception {
        Process refused = registries.start(freePort(),
                "--registry.feed.subscriptions.partner.types=de.pilotregistry.casefile.JobStartd");
        assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isNotZero();
        assertThat(Files.readString(registries.log(0)))
                .contains("registry.feed.subscriptions.partner.types names de.pilotregistry.casefile.JobStartd, "
                        + "which is no published event type");
    }

    /**
     * The first occurrences of this store's events in the queue (other registries may publish to the same exchange on
     * a shared broker), once {@code count} arrived or a minute passed, and half a second more for anything beyond; every
     * message without a sealed value.
     */
    private List<String> published(Channel channel, String queue, int count) throws Exception {
        java.util.Set<String> ours = new java.util.HashSet<>(storedIds());
        java.util.LinkedHashSet<String> received = new java.util.LinkedHashSet<>();
        long deadline = System.currentTimeMillis() + 60_000;
        long quietUntil = Long.MAX_VALUE;
        while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
            GetResponse message = channel.basicGet(queue, true);
            if (message == null) {
                Thread.sleep(50);
                continue;
            }
            String body = new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).doesNotContain("v1:");
            String id = JSON.readTree(body).path("id").asText();
            if (ours.contains(id)) {
                received.add(id);
            }
            if (received.size() >= count && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.currentTimeMillis() + 500;
            }
        }
        return List.copyOf(received);
    }

    private List<String> storedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection database = registries.database(); ResultSet rows = database.createStatement()
                .executeQuery("select eventidentifier from domainevententry order by globalindex")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }


    /** Follows the feed from the start in pages of {@code limit} until an empty page; no page before it is empty. */
    private static List<JsonNode> follow(Api api, String user, int limit) {
        List<JsonNode> events = new ArrayList<>();
        String path = "/api/feed?after=0&limit=" + limit;
        int pages = 0;
        while (true) {
            Api.Response page = api.get(user, path);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            pages++;
            long safe = Long.parseLong(page.raw().headers().firstValue("Registry-Position").orElseThrow());
            String next = next(page);
            if (page.json().isEmpty()) {
                assertThat(next).as("an empty page is the safe position").contains("after=" + safe + "&");
                assertThat(pages).as(user + " read in several pages").isGreaterThan(limit < 1000 ? 2 : 1);
                return events;
            }
            assertThat(page.json().size()).isLessThanOrEqualTo(limit);
            page.json().forEach(events::add);
            java.net.URI uri = java.net.URI.create(next);
            path = uri.getRawPath() + "?" + uri.getRawQuery();
        }
    }

    private List<String> ofPilotA(String pilotA) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection database = registries.database(); PreparedStatement query = database.prepareStatement("""
                with entered as (
                    select r.p->>'person' as person, min(r.globalindex) as at
                    from (select globalindex, convert_from(payload, 'UTF8')::jsonb p from domainevententry
                          where payloadtype = 'de.pilotregistry.pilot.PopulationMemberRecorded') r
                    where r.p->>'pilotId' = ? group by 1)
                select d.eventidentifier from domainevententry d join entered e on d.aggregateidentifier = e.person
                where d.type = 'CaseFile' and d.payloadtype in (?, ?) and d.globalindex > e.at
                order by d.globalindex""")) {
            query.setString(1, pilotA);
            query.setString(2, CONTACT);
            query.setString(3, RETRACTED);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private long storedCount() throws Exception {
        try (Connection database = registries.database();
             ResultSet rows = database.createStatement().executeQuery("select count(*) from domainevententry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void stop(Process process) throws Exception {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
        for (int i = 0; i < 300 && Files.exists(pid); i++) {
            Thread.sleep(100);
        }
    }

    private static String define(Api api, String name) {
        Api.Response defined = api.postJson("admin", "/api/pilots", RegistryProcesses.pilot(name));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        return defined.json().get("pilotId").asText();
    }

    private static int contact(Api api, String person, String date) {
        return api.postJson("steward", "/api/persons/" + person + "/facts", "{\"type\":\"CONTACT\",\"effective_date\":\""
                + date + "\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}").status();
    }

    private static JsonNode single(List<JsonNode> events, String type) {
        List<JsonNode> found = events.stream().filter(event -> event.path("type").asText().equals(type)).toList();
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    private static String next(Api.Response page) {
        Matcher next = NEXT.matcher(page.raw().headers().firstValue("Link").orElseThrow());
        assertThat(next.find()).isTrue();
        return next.group(1);
    }

    /** A customer number for every second person, remembered in {@code numbers}. */
    private static String withCustomerNumbers(String csv, Map<String, String> numbers) {
        String[] lines = csv.split("\n");
        for (int i = 1; i < lines.length; i += 2) {
            numbers.computeIfAbsent(lines[i].substring(0, lines[i].indexOf(',')),
                    key -> String.format("%03dD%06d", key.hashCode() & 511, (key.hashCode() >>> 9) % 1_000_000));
        }
        return Populations.withCustomerNumbers(csv, numbers);
    }
}

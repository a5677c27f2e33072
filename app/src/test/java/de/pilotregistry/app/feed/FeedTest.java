package de.pilotregistry.app.feed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.pilotregistry.shared.privacy.FreeText;
import de.pilotregistry.shared.privacy.SealedField;
import java.lang.reflect.RecordComponent;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The integrations' pull feed: {@code GET /api/feed}. */
class FeedTest extends RegistryTest {

    /** As the append path writes record times: UTC, six fraction digits. */
    private static final java.time.format.DateTimeFormatter RECORD_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer serializer;

    @Test
    void givenAPilotWithItsDraw_whenTheIntegrationReadsTheFeed_thenEveryEventIsACloudEventInPublishedForm() {
        long start = head();
        String prefix = Populations.uniquePrefix();
        String pilot = drawnPilot(prefix);
        String person = prefix + "000001";
        assertThat(api.postJson("steward", "/api/persons/" + person + "/facts",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-03-07\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}")
                .status()).isEqualTo(201);

        Api.Response page = api.get("integration", "/api/feed?after=" + start + "&limit=1000");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("application/cloudevents-batch+json");
        long safe = Long.parseLong(page.raw().headers().firstValue("Registry-Position").orElseThrow());
        assertThat(safe).isGreaterThanOrEqualTo(head(pilot));
        JsonNode events = page.json();
        assertThat(events.isArray()).isTrue();

        JsonNode defined = only(events, "de.pilotregistry.pilot.PilotDefined", pilot);
        assertThat(defined.path("specversion").asText()).isEqualTo("1.0");
        assertThat(defined.path("source").asText()).isEqualTo("/pilot-registry/Kreis%20Borken");
        assertThat(defined.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(defined.path("sequence").asText()).hasSize(20).matches("0*[1-9][0-9]*");
        assertThat(defined.path("id").asText()).isEqualTo(jdbc.queryForObject("select eventidentifier from "
                + "domainevententry where globalindex = ?", String.class, defined.path("sequence").asLong()));
        assertThat(Instant.parse(defined.path("time").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(defined.path("data").path("start").asText()).isEqualTo("2011-03-01");
        // stored so, too: published type name and ISO dates (events stored before keep their class name and arrays)
        Map<String, Object> stored = jdbc.queryForMap("select payloadtype, convert_from(payload, 'UTF8') as payload "
                + "from domainevententry where eventidentifier = ?", defined.path("id").asText());
        assertThat(stored.get("payloadtype")).isEqualTo("de.pilotregistry.pilot.PilotDefined");
        assertThat((String) stored.get("payload")).contains("\"start\":\"2011-03-01\"");

        JsonNode drawn = only(events, "de.pilotregistry.pilot.GroupsDrawn", pilot);
        assertThat(drawn.path("data").path("participants")).hasSize(4);
        assertThat(drawn.path("data").path("comparison")).isEmpty(); // blinded for the integration
        assertThat(drawn.path("data").path("comparisonWithheld").asBoolean()).isTrue();
        JsonNode drawnForAdmin = only(api.get("admin", "/api/feed?after=" + start + "&limit=1000").json(),
                "de.pilotregistry.pilot.GroupsDrawn", pilot);
        assertThat(drawnForAdmin.path("data").path("comparison")).hasSize(4);
        assertThat(drawnForAdmin.path("data").has("comparisonWithheld")).isFalse();

        JsonNode contact = only(events, "de.pilotregistry.casefile.ContactRecorded", person);
        assertThat(contact.path("source").asText()).isEqualTo("/pilot-registry");
        assertThat(contact.path("data").path("effectiveDate").asText()).isEqualTo("2011-03-07");
        assertThat(contact.path("data").path("channel").asText()).isEqualTo("PHONE");

        long previous = start;
        for (JsonNode event : events) {
            assertThat(event.path("sequence").asLong()).isGreaterThan(previous).isLessThanOrEqualTo(safe);
            previous = event.path("sequence").asLong();
        }
        Api.Response empty = api.get("integration", "/api/feed?after=" + safe);
        assertThat(empty.json()).as("nothing after the safe position yet").isEmpty();
        assertThat(next(empty)).contains("after=" + safe);
    }

    /**
     * Events in their published form are published as stored, without a round trip through their class: the answer
     * must be exactly what the class round trip gives (every field, amounts with their scale, nulls), for every
     * type of a varied history.
     */
    @Test
    void givenAVariedHistory_whenTheFeedPublishesItsEvents_thenEachDataEqualsItsEventClassInPublishedForm()
            throws Exception {
        long start = head();
        String prefix = Populations.uniquePrefix();
        drawnPilot(prefix);
        String person = prefix + "000001";
        for (String fact : List.of(
                "{\"type\":\"JOB_START\",\"effective_date\":\"2011-04-01\",\"employment_type\":\"PART_TIME\","
                        + "\"weekly_hours\":\"19.50\",\"monthly_wage\":\"1234.50\"}",
                "{\"type\":\"BENEFIT_CHANGE\",\"effective_date\":\"2011-05-01\",\"monthly_claim\":\"310.00\","
                        + "\"reason\":\"EARNED_INCOME\"}",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-03-07\",\"channel\":\"PHONE\","
                        + "\"outcome\":\"ATTENDED\"}")) {
            Api.Response written = api.postJson("steward", "/api/persons/" + person + "/facts", fact);
            assertThat(written.status()).as(written.toString()).isEqualTo(201);
        }
        // amounts read exactly as sent (1149.40 stays 1149.40; the plain test client would read a double)
        ObjectMapper mapper = ((JacksonSerializer) serializer).getObjectMapper().copy()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        JsonNode events = mapper.readTree(api.get("admin", "/api/feed?after=" + start + "&limit=1000").body());
        assertThat(events.size()).isGreaterThan(20);
        java.util.Set<String> types = new java.util.TreeSet<>();
        for (JsonNode event : events) {
            Map<String, Object> stored = jdbc.queryForMap("select payloadtype, payloadrevision, payload "
                    + "from domainevententry where globalindex = ?", event.path("sequence").asLong());
            Object payload = serializer.deserialize(new SimpleSerializedObject<>((byte[]) stored.get("payload"),
                    byte[].class, (String) stored.get("payloadtype"), (String) stored.get("payloadrevision")));
            ObjectNode expected = mapper.valueToTree(payload);
            // withheld from every subscription without free text (the default): sealed fields and free text
            for (RecordComponent component : payload.getClass().getRecordComponents()) {
                if (component.isAnnotationPresent(SealedField.class) || component.isAnnotationPresent(FreeText.class)) {
                    expected.remove(component.getName());
                }
            }
            assertThat(event.path("data")).as(event.path("type").asText()).isEqualTo(expected);
            assertThat(event.path("data").toString()).isEqualTo(expected.toString());
            types.add(event.path("type").asText());
        }
        assertThat(types).contains("de.pilotregistry.pilot.PilotDefined", "de.pilotregistry.pilot.GroupsDrawn",
                "de.pilotregistry.casefile.JobStarted", "de.pilotregistry.casefile.BenefitChanged");
    }

    /** A pilot of 20 persons ({@code prefix}000000…) with 4 participant places, drawn. */
    private String drawnPilot(String prefix) {
        String pilot = definePilot(4);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 20, 3))
                .status()).isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(201);
        return pilot;
    }

    /** An event as stored before the published contract: Java class name, date as an array. */
    @Test
    void givenAnEventStoredInTheOldShape_whenItIsInTheFeed_thenItIsPublishedInTheCurrentForm() {
        String person = Populations.uniquePrefix() + "OLD";
        String id = UUID.randomUUID().toString();
        long position = appendRaw(id, person, "de.pilotregistry.shared.casefile.ContactRecorded",
                "{\"person\":\"" + person + "\",\"effectiveDate\":[2011,4,5],\"channel\":\"WRITTEN\","
                        + "\"outcome\":\"MISSED\",\"sourceId\":null,\"corrects\":null}");
        JsonNode events = api.get("integration", "/api/feed?after=" + (position - 1) + "&limit=1").json();
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.path("id").asText()).isEqualTo(id);
        assertThat(event.path("type").asText()).isEqualTo("de.pilotregistry.casefile.ContactRecorded");
        assertThat(event.path("subject").asText()).isEqualTo(person);
        assertThat(event.path("data").path("effectiveDate").asText()).isEqualTo("2011-04-05");
        // the stored bytes stay as they are (the audit log hashes them)
        assertThat(new String(jdbc.queryForObject("select payload from domainevententry where globalindex = ?",
                byte[].class, position), StandardCharsets.UTF_8)).contains("[2011,4,5]");
    }

    @Test
    void givenBadParameters_whenTheFeedIsAsked_thenEachIsNamedInAProblem() {
        Api.Response bad = api.get("integration", "/api/feed?after=-1&limit=5000");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().path("errors").findValuesAsText("field")).containsExactly("after", "limit");
        assertThat(api.get("integration", "/api/feed?after=x").json().path("errors").get(0).path("field").asText())
                .isEqualTo("after");
        assertThat(api.get("integration", "/api/feed?limit=0").status()).isEqualTo(400);
        assertThat(api.get("caseworker1", "/api/feed").status()).isEqualTo(403);
        assertThat(api.get("evaluator", "/api/feed").status()).isEqualTo(403);
        assertThat(api.get(null, "/api/feed").status()).isEqualTo(401);
    }

    @Test
    void theCatalogIsServed() {
        Api.Response catalog = api.get("integration", "/api/feed/asyncapi.yaml");
        assertThat(catalog.status()).isEqualTo(200);
        assertThat(catalog.body()).startsWith("asyncapi: 3.0.0").contains("de.pilotregistry.casefile.JobStarted");
    }

    /**
     * A consumer follows the feed (pages of 37, following Link: rel="next") while 8 writers record facts: it ends with
     * every event of the store after its start exactly once, in global order.
     */
    @Test
    void givenEightConcurrentWriters_whenAConsumerFollowsTheFeed_thenItGetsEveryEventExactlyOnceInOrder()
            throws Exception {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(10);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 40, 7))
                .status()).isEqualTo(200);
        long start = head();

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                Api client = new Api(port);
                for (int round = 0; round < 40 && !stop.get(); round++) {
                    String person = prefix + String.format("%06d", (writer * 5 + round) % 40);
                    Api.Response one = client.postJson("steward", "/api/persons/" + person + "/facts",
                            "{\"type\":\"CONTACT\",\"effective_date\":\"2011-05-0" + (1 + round % 9)
                                    + "\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}");
                    assertThat(one.status()).as(one.toString()).isEqualTo(201);
                }
                return null;
            }));
        }
        List<String> received = new ArrayList<>();
        Future<?> consumer = pool.submit(() -> {
            Api client = new Api(port);
            String path = "/api/feed?after=" + start + "&limit=37";
            long last = start;
            while (true) {
                boolean writing = writers.stream().anyMatch(writer -> !writer.isDone());
                Api.Response page = client.get("integration", path);
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                for (JsonNode event : page.json()) {
                    long position = event.path("sequence").asLong();
                    assertThat(position).isGreaterThan(last);
                    last = position;
                    received.add(event.path("id").asText());
                }
                path = relative(next(page));
                if (!writing && page.json().isEmpty()) {
                    return null;
                }
            }
        });
        for (Future<?> writer : writers) {
            writer.get(120, TimeUnit.SECONDS);
        }
        consumer.get(120, TimeUnit.SECONDS);
        pool.shutdown();
        List<String> stored = jdbc.queryForList("select eventidentifier from domainevententry where globalindex > ? "
                + "order by globalindex", String.class, start);
        assertThat(stored).hasSizeGreaterThanOrEqualTo(8 * 40);
        assertThat(received).containsExactlyElementsOf(stored);
    }

    private long appendRaw(String id, String person, String payloadType, String payload) {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("select pg_advisory_xact_lock(" + de.pilotregistry.platform.AppendLock.KEY + ")");
            String last = jdbc.queryForObject("select timestamp from domainevententry order by globalindex desc "
                    + "limit 1", String.class);
            Instant at = Instant.parse(last).plus(1, ChronoUnit.MILLIS);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            jdbc.update("insert into domainevententry (globalindex, aggregateidentifier, sequencenumber, type, "
                    + "eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) values "
                    + "(nextval('domainevententry_globalindex_seq'), ?, 0, 'CaseFile', ?, ?, ?, '1', ?, ?)",
                    person, id, "{}".getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8),
                    payloadType, RECORD_TIME.format(now.isAfter(at) ? now : at));
            return jdbc.queryForObject("select currval('domainevententry_globalindex_seq')", Long.class);
        });
    }

    private static JsonNode only(JsonNode events, String type, String subject) {
        List<JsonNode> found = new ArrayList<>();
        events.forEach(event -> {
            if (event.path("type").asText().equals(type) && event.path("subject").asText().equals(subject)) {
                found.add(event);
            }
        });
        assertThat(found).as(type + " of " + subject).hasSize(1);
        return found.get(0);
    }

    private static String next(Api.Response page) {
        String link = page.raw().headers().firstValue("Link").orElseThrow();
        Matcher next = NEXT.matcher(link);
        assertThat(next.find()).as(link).isTrue();
        return next.group(1);
    }

    private static String relative(String uri) {
        java.net.URI parsed = java.net.URI.create(uri);
        return parsed.getRawPath() + "?" + parsed.getRawQuery();
    }

    private long head() {
        Long head = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    private long head(String pilot) {
        return jdbc.queryForObject("select max(globalindex) from domainevententry where aggregateidentifier in (?, ?)",
                Long.class, pilot, "population@" + pilot);
    }
}

package de.pilotregistry.app.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.pilotregistry.app.PilotRegistryApplication;
import de.pilotregistry.app.client.RegistryClient;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads a pilot of {@code persons} persons and about {@code events} case facts, then follows the whole feed over
 * HTTP as the {@code integration} user would, page after page ({@code GET /api/feed?after=&limit=}), once per page
  * size, then as a server-sent event stream, and prints events/s (the client parses every event). Run: {@code java -jar app/target/pilot-registry.jar
 * benchmark-feed [persons] [events]}.
 */
public final class FeedBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void run(String[] args) throws Exception {
        int persons = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        Path dataDir = ThrowawayDataDir.create("pilot-registry-feed-bench");
        ConfigurableApplicationContext registry = SpringApplication.run(PilotRegistryApplication.class,
                "--server.port=0", "--registry.data-dir=" + dataDir, "--logging.level.root=WARN",
                "--registry.security.demo-users=true");
        RegistryClient client = new RegistryClient(Integer.parseInt(
                registry.getEnvironment().getProperty("local.server.port")));
        JdbcTemplate jdbc = registry.getBean(JdbcTemplate.class);
        try {
            String pilot = RegistryClient.field(client.post("admin", "/api/pilots", "application/json", """
                    {"name":"Feed benchmark","jobcenter":"Kreis Borken","site":"Bocholt","start":"2011-03-01",
                     "end":"2012-02-29","participantPlaces":%d}""".formatted(persons / 4)), "pilotId");
            client.post("steward", "/api/pilots/" + pilot + "/population", "text/csv",
                    ReadBenchmark.population(persons));
            client.post("admin", "/api/pilots/" + pilot + "/draw", "application/json", "");
            int perFile = 50_000;
            for (int f = 0; f < Math.max(1, events / perFile); f++) {
                client.post("steward", "/api/facts", "text/csv",
                        ReadBenchmark.facts(persons, Math.min(perFile, events), f));
            }
            long total = jdbc.queryForObject("select count(*) from domainevententry", Long.class);
            System.out.printf(Locale.ROOT, "loaded %d events%n", total);
            // the projections catch up first, so they do not compete with the feed for the CPU
            long head = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
            for (int tries = 0; tries < 40; tries++) {
                try {
                    client.get("admin", "/api/deliveries?minPosition=" + head + "&wait=PT30S", "application/json");
                    break;
                } catch (IllegalStateException notYet) {
                    // 503 after 30 s: still catching up
                }
            }
            // and so does the audit log's Merkle tree (it hashes every event once)
            for (int tries = 0; tries < 600 && !auditCaughtUp(client); tries++) {
                Thread.sleep(500);
            }
            // the first pass warms the JIT and PostgreSQL's cache
            for (int limit : List.of(1000, 1000, 100, 1000)) {
                follow(client, total, limit);
            }
            for (int pass = 0; pass < 2; pass++) {
                stream(client, total);
            }
        } finally {
            registry.close();
            ThrowawayDataDir.delete(dataDir);
        }
    }

    /** Follows the stream ({@code GET /api/feed/stream}) from the start until it has every event, parsing each. */
    private static void stream(RegistryClient client, long total) throws Exception {
        long start = System.nanoTime();
        long received = 0;
        long last = 0;
        try (Stream<String> lines = client.lines("integration", "/api/feed/stream?after=0", "text/event-stream")) {
            Iterator<String> next = lines.iterator();
            while (received < total && next.hasNext()) {
                String line = next.next();
                if (line.startsWith("data:")) {
                    long sequence = JSON.readTree(line.substring("data:".length())).path("sequence").asLong();
                    if (sequence <= last) {
                        throw new IllegalStateException("position " + sequence + " after " + last);
                    }
                    last = sequence;
                    received++;
                }
            }
        }
        double seconds = RegistryClient.seconds(start);
        if (received != total) {
            throw new IllegalStateException("received " + received + " of " + total + " events");
        }
        System.out.printf(Locale.ROOT, "feed, server-sent events: %d events, %.1f s = %.0f events/s%n",
                received, seconds, received / seconds);
    }

    private static boolean auditCaughtUp(RegistryClient client) {
        return client.get("admin", "/actuator/prometheus", "text/plain").lines()
                .filter(line -> line.startsWith("registry_audit_lag_positions"))
                .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) == 0);
    }

    /** Reads the feed from the start to its end in pages of {@code limit}. */
    private static void follow(RegistryClient client, long total, int limit) throws Exception {
        long start = System.nanoTime();
        long after = 0;
        long received = 0;
        int pages = 0;
        while (true) {
            JsonNode page = JSON.readTree(client.get("integration", "/api/feed?after=" + after + "&limit=" + limit,
                    "application/cloudevents-batch+json"));
            pages++;
            if (page.isEmpty()) {
                break;
            }
            received += page.size();
            after = page.get(page.size() - 1).path("sequence").asLong();
        }
        double seconds = RegistryClient.seconds(start);
        if (received != total) {
            throw new IllegalStateException("received " + received + " of " + total + " events");
        }
        System.out.printf(Locale.ROOT, "feed, pages of %d: %d events in %d pages, %.1f s = %.0f events/s over HTTP%n",
                limit, received, pages, seconds, received / seconds);
    }
}

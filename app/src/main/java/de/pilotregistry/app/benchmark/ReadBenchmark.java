package de.pilotregistry.app.benchmark;

import de.pilotregistry.app.client.RegistryClient;
import de.pilotregistry.app.PilotRegistryApplication;
import de.pilotregistry.query.cases.CaseFactsProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Loads a pilot of {@code persons} persons and about {@code events} case facts, then prints: the live
 * projection's catch-up rate, the rebuild (replay) rate, the rate of the same projection under Axon's default
 * processor settings and under ours on the same data, and p50/p95 latencies of snapshot and outcome queries
 * at several validAt/knownAt points. Run: {@code java -jar app/target/pilot-registry.jar benchmark-read
 * [persons] [events]}.
 */
public final class ReadBenchmark {

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";
    private static final Duration DEFAULT_SETTINGS_BUDGET = Duration.ofSeconds(60);

    private RegistryClient client;

    public static void run(String[] args) throws Exception {
        int persons = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        new ReadBenchmark().measure(persons, events);
    }

    private void measure(int persons, int events) throws Exception {
        Path dataDir = ThrowawayDataDir.create("pilot-registry-read-bench");
        ConfigurableApplicationContext registry = SpringApplication.run(PilotRegistryApplication.class,
                "--server.port=0", "--registry.data-dir=" + dataDir, "--logging.level.root=WARN",
                "--registry.security.demo-users=true",
                "--logging.level.de.pilotregistry.query.replay=INFO");
        client = new RegistryClient(Integer.parseInt(registry.getEnvironment().getProperty("local.server.port")));
        JdbcTemplate jdbc = registry.getBean(JdbcTemplate.class);
        try {
            String pilot = RegistryClient.field(client.post("admin", "/api/pilots", "application/json", """
                    {"name":"Read benchmark","jobcenter":"Kreis Borken","site":"Bocholt","start":"2011-03-01",
                     "end":"2012-02-29","participantPlaces":%d}""".formatted(persons / 4)), "pilotId");
            client.post("steward", "/api/pilots/" + pilot + "/population", "text/csv", population(persons));
            client.post("admin", "/api/pilots/" + pilot + "/draw", "application/json", "");

            int perFile = 50_000;
            int files = Math.max(1, events / perFile);
            Instant half = null;
            long loadStart = System.nanoTime();
            for (int f = 0; f < files; f++) {
                client.post("steward", "/api/facts", "text/csv", facts(persons, perFile, f));
                if (f == Math.max(0, files / 2 - 1)) {
                    half = Instant.now();
                }
            }
            double loadSeconds = RegistryClient.seconds(loadStart);
            long caseEvents = jdbc.queryForObject("select count(*) from domainevententry where type = 'CaseFile'",
                    Long.class);
            System.out.printf(Locale.ROOT, "loaded %d case events for %d persons in %.1f s (%.0f events/s over HTTP)%n",
                    caseEvents, persons, loadSeconds, caseEvents / loadSeconds);
            long waitStart = System.nanoTime();
            waitUntil(() -> jdbc.queryForObject("select count(*) from q_fact", Long.class) >= caseEvents,
                    Duration.ofMinutes(20));
            System.out.printf(Locale.ROOT, "live projection caught up %.1f s after the last import (%.0f events/s "
                    + "from the start of loading)%n", RegistryClient.seconds(waitStart), caseEvents / RegistryClient.seconds(loadStart));

            long replayStart = System.nanoTime();
            client.post("admin", "/api/admin/projections/cases/replay", "application/json", "");
            // Writes go on during the rebuild; each is read back with minPosition: how long until the live read
            // model shows it, including the switch-over, when the live processors pause.
            List<Double> visibleAfter = new ArrayList<>();
            for (int w = 0; !client.get("admin", "/api/admin/projections/cases/replay", "application/json")
                    .contains("\"state\":\"DONE\""); w++) {
                long position = client.postForPosition("steward", "/api/facts", "text/csv",
                        facts(persons, 100, 100_000 + w));
                long asked = System.nanoTime();
                client.get("admin", "/api/pilots/" + pilot + "/cohort?size=1&minPosition=" + position
                        + "&wait=PT30S", "application/json");
                visibleAfter.add(RegistryClient.seconds(asked) * 1000);
                if (RegistryClient.seconds(replayStart) > 1800) {
                    throw new IllegalStateException("the rebuild did not finish in 30 minutes");
                }
            }
            Collections.sort(visibleAfter);
            System.out.printf(Locale.ROOT, "during the rebuild: %d fact files of 100 written, each visible to a "
                            + "minPosition read after p50 %.0f ms, max %.0f ms (the max includes the switch-over)%n",
                    visibleAfter.size(), visibleAfter.isEmpty() ? 0 : visibleAfter.get(visibleAfter.size() / 2),
                    visibleAfter.isEmpty() ? 0 : visibleAfter.get(visibleAfter.size() - 1));
            long total = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
            System.out.printf(Locale.ROOT, "replay of projection 'cases' (rebuild beside the live tables, then switch): "
                    + "%d events in %.1f s = %.0f events/s%n", total, RegistryClient.seconds(replayStart), total / RegistryClient.seconds(replayStart));

            EventStore eventStore = registry.getBean(EventStore.class);
            TransactionManager transactions = registry.getBean(TransactionManager.class);
            jdbc.execute("create table q_fact__bench (like q_fact including all)");
            rate("Axon default settings (tracking processor, batch size 1, one thread)", jdbc, total, () ->
                    TrackingEventProcessor.builder().name("bench-axon-default")
                            .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                                    .eventHandlers(new CaseFactsProjection(jdbc, "__bench")).build())
                            .messageSource(eventStore).tokenStore(new InMemoryTokenStore())
                            .transactionManager(transactions).build());
            jdbc.execute("truncate q_fact__bench");
            rate("our settings (pooled streaming, batch 1000, 2 segments)", jdbc, total, () ->
                    PooledStreamingEventProcessor.builder().name("bench-tuned")
                            .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                                    .eventHandlers(new CaseFactsProjection(jdbc, "__bench")).build())
                            .messageSource(eventStore).tokenStore(new InMemoryTokenStore())
                            .transactionManager(transactions)
                            .coordinatorExecutor(Executors.newSingleThreadScheduledExecutor())
                            .workerExecutor(Executors.newScheduledThreadPool(2))
                            .batchSize(1000).initialSegmentCount(2).build());
            jdbc.execute("drop table q_fact__bench");

            Instant now = Instant.now();
            for (String validAt : List.of("2011-06-01", "2011-09-01", "2012-02-29")) {
                for (Instant knownAt : List.of(half, now)) {
                    String at = "validAt=" + validAt + "&knownAt=" + knownAt;
                    // ADMIN reads every person exactly; an evaluator's cohort is k-anonymized as a whole first
                    latency("admin", "snapshot, page of 100, " + at, "/api/pilots/" + pilot + "/cohort?size=100&"
                            + at, 20, "application/json", -1);
                    latency("admin", "snapshot, all rows as CSV, " + at, "/api/pilots/" + pilot + "/cohort?" + at, 5,
                            "text/csv", persons + 1);
                    latency("evaluator", "protected snapshot (evaluator), page of 100, " + at, "/api/pilots/"
                            + pilot + "/cohort?size=100&" + at, 5, "application/json", -1);
                    latency("evaluator", "protected snapshot (evaluator), all rows as CSV, " + at, "/api/pilots/"
                            + pilot + "/cohort?" + at, 5, "text/csv", -1);
                    latency("evaluator", "outcomes 2011-03-01.." + validAt + ", knownAt=" + knownAt,
                            "/api/pilots/" + pilot + "/outcomes?from=2011-03-01&to=" + validAt + "&knownAt="
                                    + knownAt, 20, "application/json", -1);
                }
            }
        } finally {
            registry.close();
            ThrowawayDataDir.delete(dataDir);
        }
    }

    private static void rate(String what, JdbcTemplate jdbc, long total, Supplier<StreamingEventProcessor> build)
            throws InterruptedException {
        StreamingEventProcessor processor = build.get();
        long start = System.nanoTime();
        processor.start();
        long deadline = System.nanoTime() + DEFAULT_SETTINGS_BUDGET.toNanos();
        long done = 0;
        while (System.nanoTime() < deadline) {
            done = processor.processingStatus().values().stream()
                    .mapToLong(status -> status.getCurrentPosition().orElse(0)).min().orElse(0);
            if (done >= total) {
                break;
            }
            Thread.sleep(200);
        }
        double seconds = RegistryClient.seconds(start);
        ((EventProcessor) processor).shutDown();
        System.out.printf(Locale.ROOT, "projection 'cases' with %s: %d of %d events in %.1f s = %.0f events/s%s%n",
                what, done, total, seconds, done / seconds, done < total ? " (stopped at the time budget)" : "");
    }

    /** Timed GETs; {@code lines} (or -1) is the number of lines each answer must have. */
    private void latency(String user, String what, String path, int times, String accept, int lines)
            throws Exception {
        client.get(user, path, accept); // warm up
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            String body = client.get(user, path, accept);
            millis.add((System.nanoTime() - start) / 1e6);
            if (lines >= 0 && body.lines().count() != lines) {
                throw new IllegalStateException(what + ": expected " + lines + " lines, got " + body.lines().count());
            }
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "%-110s p50 %7.1f ms  p95 %7.1f ms  (n=%d)%n", what,
                millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1), times);
    }

    static String population(int persons) {
        Random random = new Random(42);
        String[] sexes = {"MALE", "FEMALE"};
        String[] types = {"MARKET", "ACTIVATION", "SUPPORT", "DEVELOPMENT", "STABILISATION", "ASSISTANCE"};
        StringBuilder csv = new StringBuilder("person,sex,birth_month,applicant_type,months_in_receipt_24,"
                + "marginal_employment,monthly_claim,household\n");
        for (int i = 0; i < persons; i++) {
            csv.append("R-").append(i).append(',').append(sexes[random.nextInt(2)]).append(',')
                    .append(1955 + random.nextInt(35)).append("-06,").append(types[random.nextInt(types.length)])
                    .append(",24,false,").append(400 + random.nextInt(800)).append(".00,H-").append(i).append('\n');
        }
        return csv.toString();
    }

    /** A year of case work: mostly contacts, some claim changes, job starts and ends, exits and re-entries. */
    static String facts(int persons, int count, int file) {
        Random random = new Random(1000 + file);
        StringBuilder csv = new StringBuilder(count * 64).append(FACT_HEADER).append('\n');
        LocalDate start = LocalDate.of(2011, 3, 1);
        for (int i = 0; i < count; i++) {
            String person = "R-" + random.nextInt(persons);
            LocalDate date = start.plusDays(random.nextInt(366));
            int kind = random.nextInt(100);
            if (kind < 60) {
                csv.append(person).append(",CONTACT,").append(date).append(",,,,,,IN_PERSON,ATTENDED,,\n");
            } else if (kind < 80) {
                csv.append(person).append(",BENEFIT_CHANGE,").append(date).append(",,,,,")
                        .append(100 + random.nextInt(900)).append(".00,,,EARNED_INCOME,\n");
            } else if (kind < 90) {
                csv.append(person).append(",JOB_START,").append(date).append(",,")
                        .append(random.nextBoolean() ? "FULL_TIME" : "MARGINAL").append(",20,900.00,,,,,\n");
            } else if (kind < 95) {
                csv.append(person).append(",JOB_END,").append(date).append(",,,,,,,,OTHER,\n");
            } else if (kind < 98) {
                csv.append(person).append(",EXIT,").append(date).append(",,,,,,,,EMPLOYMENT,\n");
            } else {
                csv.append(person).append(",REENTRY,").append(date).append(",,,,,,,,,\n");
            }
        }
        return csv.toString();
    }

    private static void waitUntil(Supplier<Boolean> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}

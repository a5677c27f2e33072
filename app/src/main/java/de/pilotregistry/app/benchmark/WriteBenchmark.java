package de.pilotregistry.app.benchmark;

import de.pilotregistry.app.client.RegistryClient;
import de.pilotregistry.app.PilotRegistryApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures the write side as a user drives it, over real HTTP against a registry started here on a
 * throwaway embedded PostgreSQL (durable commits, as in production): a population import of 100,000 rows,
 * its repetition, the draw, and bulk fact imports. Run: {@code java -jar app/target/pilot-registry.jar
 * benchmark-write [persons] [facts]}.
 */
public final class WriteBenchmark {

    private static final String HEADER_FACTS = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";

    private RegistryClient client;

    public static void run(String[] args) throws Exception {
        List<String> numbers = Arrays.stream(args).skip(1).filter(a -> !a.startsWith("--")).toList();
        List<String> options = Arrays.stream(args).filter(a -> a.startsWith("--")).toList();
        int persons = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 100_000;
        int facts = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 200_000;
        new WriteBenchmark().measure(persons, facts, options);
    }

    private void measure(int persons, int facts, List<String> options) throws Exception {
        Path dataDir = ThrowawayDataDir.create("pilot-registry-bench");
        List<String> registryArgs = new ArrayList<>(List.of("--server.port=0", "--registry.data-dir=" + dataDir,
                "--logging.level.root=WARN", "--registry.security.demo-users=true"));
        registryArgs.addAll(options); // e.g. --registry.roles=command: the write node without projections
        long startup = System.nanoTime();
        ConfigurableApplicationContext registry = SpringApplication.run(PilotRegistryApplication.class,
                registryArgs.toArray(String[]::new));
        double startSeconds = RegistryClient.seconds(startup);
        client = new RegistryClient(Integer.parseInt(registry.getEnvironment().getProperty("local.server.port")));
        try {
            System.out.printf(Locale.ROOT, "registry started in %.1f s (embedded PostgreSQL, new data directory, "
                    + "roles %s)%n", startSeconds, registry.getEnvironment().getProperty("registry.roles",
                    "command,query"));
            String pilot = RegistryClient.field(client.post("admin", "/api/pilots", "application/json", """
                    {"name":"Benchmark","jobcenter":"Kreis Borken","site":"Bocholt","start":"2011-03-01",
                     "end":"2012-02-29","participantPlaces":%d}""".formatted(Math.max(1, persons / 50))), "pilotId");

            String population = population(persons);
            long t = System.nanoTime();
            String answer = client.post("steward", "/api/pilots/" + pilot + "/population", "text/csv", population);
            report("population import", persons, "rows", RegistryClient.seconds(t), answer);
            t = System.nanoTime();
            answer = client.post("steward", "/api/pilots/" + pilot + "/population", "text/csv", population);
            report("population re-import (all unchanged)", persons, "rows", RegistryClient.seconds(t), answer);
            t = System.nanoTime();
            answer = client.post("admin", "/api/pilots/" + pilot + "/draw", "application/json", "");
            System.out.printf(Locale.ROOT, "draw of %d persons: %.2f s%n", persons, RegistryClient.seconds(t));

            int files = Math.max(1, facts / 50_000);
            List<String> factFiles = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                factFiles.add(facts(persons, facts / files, f)); // built before the clock runs
            }
            // A fresh JVM interprets before it compiles: one untimed file of other facts first, so the figures
            // below are the registry's steady state, as in a long-running server.
            t = System.nanoTime();
            answer = client.post("steward", "/api/facts", "text/csv", facts(persons, 20_000, -1));
            report("warm-up fact import (not counted)", 20_000, "facts", RegistryClient.seconds(t), answer);
            long factStart = System.nanoTime();
            String lastFile = null;
            for (int f = 0; f < files; f++) {
                lastFile = factFiles.get(f);
                t = System.nanoTime();
                answer = client.post("steward", "/api/facts", "text/csv", lastFile);
                report("fact import, file " + (f + 1) + "/" + files, facts / files, "facts", RegistryClient.seconds(t), answer);
            }
            report("fact import, all files", facts / files * files, "facts", RegistryClient.seconds(factStart), "");
            t = System.nanoTime();
            answer = client.post("steward", "/api/facts", "text/csv", lastFile);
            report("fact re-import of the last file (all unchanged)", facts / files, "facts", RegistryClient.seconds(t), answer);
        } finally {
            registry.close();
            ThrowawayDataDir.delete(dataDir);
        }
    }

    private static void report(String what, int count, String unit, double seconds, String answer) {
        System.out.printf(Locale.ROOT, "%-50s %8d %s in %6.2f s = %9.0f %s/s  %s%n", what, count, unit, seconds,
                count / seconds, unit, answer.length() > 80 ? answer.substring(0, 80) : answer);
    }

    private static String population(int persons) {
        Random random = new Random(42);
        String[] sexes = {"MALE", "FEMALE", "FEMALE", "MALE", "DIVERSE"};
        String[] types = {"MARKET", "ACTIVATION", "SUPPORT", "DEVELOPMENT", "STABILISATION", "ASSISTANCE"};
        StringBuilder csv = new StringBuilder(persons * 70);
        csv.append("person,sex,birth_month,applicant_type,months_in_receipt_24,marginal_employment,monthly_claim,household\n");
        for (int i = 0; i < persons; i++) {
            csv.append("B-").append(i).append(',').append(sexes[random.nextInt(sexes.length)]).append(',')
                    .append(1950 + random.nextInt(42)).append('-').append(String.format("%02d", 1 + random.nextInt(12)))
                    .append(',').append(types[random.nextInt(types.length)]).append(',')
                    .append(18 + random.nextInt(7)).append(',').append(random.nextInt(5) == 0).append(',')
                    .append(200 + random.nextInt(1200)).append(".00,H-").append(i / 2).append('\n');
        }
        return csv.toString();
    }

    private static String facts(int persons, int count, int file) {
        Random random = new Random(file);
        StringBuilder csv = new StringBuilder(count * 60).append(HEADER_FACTS).append('\n');
        for (int i = 0; i < count; i++) {
            String person = "B-" + random.nextInt(persons);
            String date = "2011-" + String.format("%02d", 3 + random.nextInt(9)) + "-" + String.format("%02d",
                    1 + random.nextInt(28));
            String source = "S-" + file + "-" + i;
            switch (random.nextInt(4)) {
                case 0 -> csv.append(person).append(",CONTACT,").append(date).append(',').append(source)
                        .append(",,,,,PHONE,ATTENDED,,\n");
                case 1 -> csv.append(person).append(",BENEFIT_CHANGE,").append(date).append(',').append(source)
                        .append(",,,,").append(100 + random.nextInt(900)).append(".00,,,EARNED_INCOME,\n");
                case 2 -> csv.append(person).append(",JOB_START,").append(date).append(',').append(source)
                        .append(",PART_TIME,20,900.00,,,,,\n");
                default -> csv.append(person).append(",JOB_END,").append(date).append(',').append(source)
                        .append(",,,,,,,OTHER,\n");
            }
        }
        return csv.toString();
    }
}

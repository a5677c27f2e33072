package de.pilotregistry.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.pilotregistry.app.PilotRegistryApplication;
import de.pilotregistry.app.client.RegistryClient;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar pilot-registry.jar demo}: starts the registry and plays the Borken pilots of 2011/12 through its
 * public HTTP API only (no back doors): three pilots defined, their populations imported, the groups drawn,
 * caseworkers assigned, a year of case work delivered month by month; then prints each site's outcome table and
 * keeps serving. A second run on the same data directory finds the pilots and only prints the tables.
 *
 * <p>Options: {@code --seed=2011}, {@code --persons=3000} (all sites together), {@code --months=12},
 * {@code --sites=3}, {@code --effect=2.0} (how much more often participants leave receipt for a job); every other
 * {@code --option} goes to the registry (e.g. {@code --server.port}, {@code --registry.data-dir}).
 */
public final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = " 2011 (Demo)";

    private final RegistryClient client;
    private final BorkenScenario scenario;
    private final long started = System.nanoTime();
    /** The position of the last file delivered: the deliveries read after it must include it. */
    private long lastPosition;

    private Demo(RegistryClient client, BorkenScenario scenario) {
        this.client = client;
        this.scenario = scenario;
    }

    public static void run(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> registryArgs = new ArrayList<>();
        for (String arg : args) {
            String name = arg.startsWith("--") && arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : "";
            if (List.of("seed", "persons", "months", "sites", "effect").contains(name)) {
                options.put(name, arg.substring(arg.indexOf('=') + 1));
            } else {
                registryArgs.add(arg);
            }
        }
        // the demo's users log in with the demo password (REGISTRY_DEMO_PASSWORD, default demo), said in the log;
        // given once only (a repeated option would read "true,true")
        if (registryArgs.stream().noneMatch(arg -> arg.startsWith("--registry.security.demo-users"))) {
            registryArgs.add("--registry.security.demo-users=true");
        }
        long seed = Long.parseLong(options.getOrDefault("seed", "2011"));
        int persons = Integer.parseInt(options.getOrDefault("persons", "3000"));
        int months = Integer.parseInt(options.getOrDefault("months", "12"));
        int sites = Math.max(1, Math.min(3, Integer.parseInt(options.getOrDefault("sites", "3"))));
        double effect = Double.parseDouble(options.getOrDefault("effect", "2.0"));

        ConfigurableApplicationContext registry = SpringApplication.run(PilotRegistryApplication.class,
                registryArgs.toArray(String[]::new));
        try {
            play(registry, seed, persons, months, sites, effect);
        } catch (RuntimeException e) {
            System.err.println("The demo failed: " + e.getMessage());
            registry.close();
            System.exit(1);
        }
    }

    private static void play(ConfigurableApplicationContext registry, long seed, int persons, int months, int sites,
                             double effect) {
        int port = Integer.parseInt(registry.getEnvironment().getProperty("local.server.port", "8080"));
        Demo demo = new Demo(new RegistryClient(port), new BorkenScenario(seed, effect));
        List<BorkenScenario.Site> played = BorkenScenario.SITES.subList(0, sites);
        Map<BorkenScenario.Site, String> pilots = demo.existingPilots(played);
        if (pilots.size() == played.size()) {
            demo.progress("the demo pilots are already here (same data directory): nothing is played again");
        } else if (!pilots.isEmpty()) {
            throw new IllegalStateException("Only some demo pilots exist in this data directory (" + pilots.keySet()
                    + "); use a fresh --registry.data-dir.");
        } else {
            pilots = demo.play(played, persons, months);
        }
        demo.printOutcomes(pilots);
        System.out.printf(Locale.ROOT, "%nThe registry keeps serving at http://localhost:%d/ (API under /api, "
                + "health at /actuator/health).%nDashboard: http://localhost:%d/dashboard/ (sign in as evaluator "
                + "or auditor).%nDemo logins (password from REGISTRY_DEMO_PASSWORD, default 'demo'): "
                + "admin, steward, caseworker1, caseworker2, evaluator, auditor, integration.%n"
                + "Try: curl -u evaluator:demo http://localhost:%d/api/deliveries%nStop with Ctrl-C.%n", port, port, port);
    }

    private Map<BorkenScenario.Site, String> existingPilots(List<BorkenScenario.Site> sites) {
        Map<BorkenScenario.Site, String> pilots = new LinkedHashMap<>();
        for (JsonNode pilot : json(client.get("admin", "/api/pilots", "application/json"))) {
            for (BorkenScenario.Site site : sites) {
                if (pilot.path("name").asText().equals(site.name() + SUFFIX)) {
                    pilots.put(site, pilot.path("pilotId").asText());
                }
            }
        }
        return pilots;
    }

    private Map<BorkenScenario.Site, String> play(List<BorkenScenario.Site> sites, int persons, int months) {
        Map<BorkenScenario.Site, String> pilots = new LinkedHashMap<>();
        Map<BorkenScenario.Site, List<String>> participants = new LinkedHashMap<>();
        Map<BorkenScenario.Site, List<String>> comparison = new LinkedHashMap<>();
        for (BorkenScenario.Site site : sites) {
            String pilot = RegistryClient.field(client.post("admin", "/api/pilots", "application/json", """
                    {"name":"%s","jobcenter":"Kreis Borken","site":"%s","start":"%s","end":"%s","caseloadRatio":50,
                     "participantPlaces":%d,"eligibility":{"minMonthsInReceiptOfLast24":21,
                     "requireMarginalEmployment":%b},"strata":["SEX","AGE_CLASS","APPLICANT_TYPE"]}"""
                    .formatted(site.name() + SUFFIX, site.name(), BorkenScenario.START, BorkenScenario.END,
                            site.places(), site.miniJobOnly())), "pilotId");
            pilots.put(site, pilot);
            int count = BorkenScenario.populationSize(site,
                    (int) Math.round(persons * site.share() / sites.stream().mapToDouble(s -> s.share()).sum()));
            String imported = post("steward", "/api/pilots/" + pilot + "/population", "text/csv",
                    scenario.population(site, count), "Bestand " + site.name() + " 2011-02.csv");
            progress("population of " + site.name() + ": " + count + " persons: " + imported);
            long drawnAt = client.postForPosition("admin", "/api/pilots/" + pilot + "/draw", "application/json", "");
            List<String> p = new ArrayList<>();
            List<String> c = new ArrayList<>();
            String cohort = client.get("admin", "/api/pilots/" + pilot + "/cohort?minPosition=" + drawnAt
                    + "&wait=PT30S", "text/csv");
            cohort.lines().skip(1).forEach(line -> {
                String[] cells = line.split(",");
                if (cells[1].equals("PARTICIPANT")) {
                    p.add(cells[0]);
                } else if (cells[1].equals("COMPARISON")) {
                    c.add(cells[0]);
                }
            });
            participants.put(site, p);
            comparison.put(site, c);
            progress("draw at " + site.name() + ": " + p.size() + " participants, " + c.size() + " in the comparison group");
            assign(site, pilot, p);
        }
        TreeMap<Integer, StringBuilder> deliveries = new TreeMap<>();
        for (BorkenScenario.Site site : sites) {
            scenario.facts(site, participants.get(site), comparison.get(site), months).forEach((month, csv) ->
                    deliveries.merge(month, csv, (all, more) -> all.append(more, more.indexOf("\n") + 1, more.length())));
        }
        for (Map.Entry<Integer, StringBuilder> delivery : deliveries.entrySet()) {
            YearMonth month = YearMonth.from(BorkenScenario.START).plusMonths(delivery.getKey());
            String answer = post("steward", "/api/facts", "text/csv", delivery.getValue().toString(),
                    "Lieferung " + month + " (BA und Fallmanagement).csv");
            progress("delivery " + month + ": " + (delivery.getValue().chars().filter(ch -> ch == '\n').count() - 1)
                    + " rows: " + answer);
        }
        return pilots;
    }

    /** Caseworkers of 50 participants each (the first two can log in: caseworker1, caseworker2), from the start. */
    private void assign(BorkenScenario.Site site, String pilot, List<String> participants) {
        int needed = (participants.size() + 49) / 50;
        for (int k = 0; k < needed; k++) {
            String caseworker = site.name().equals("Bocholt") && k < 2 ? "caseworker" + (k + 1)
                    : site.name().toLowerCase(Locale.ROOT) + "-" + (k + 1);
            client.post("admin", "/api/pilots/" + pilot + "/caseworkers", "application/json",
                    "{\"caseworker\":\"" + caseworker + "\",\"name\":\"Fallmanager " + (k + 1) + " " + site.name() + "\"}");
            for (String person : participants.subList(k * 50, Math.min(participants.size(), (k + 1) * 50))) {
                client.post("admin", "/api/pilots/" + pilot + "/assignments", "application/json",
                        "{\"person\":\"" + person + "\",\"caseworker\":\"" + caseworker + "\",\"effectiveDate\":\""
                                + BorkenScenario.START + "\"}");
            }
        }
        progress("assigned " + participants.size() + " participants at " + site.name() + " to " + needed
                + " caseworkers (1:50)");
    }

    /** A file as a delivery; answers what became of its rows, its last position and the rate. */
    private String post(String user, String path, String contentType, String body, String source) {
        long asked = System.nanoTime();
        RegistryClient.Answer answer = client.postFile(user, path, contentType, body, source);
        lastPosition = Math.max(lastPosition, answer.position());
        JsonNode counts = json(answer.body());
        long events = counts.path("accepted").asLong() + counts.path("corrected").asLong();
        return String.format(Locale.ROOT, "accepted %d, unchanged %d, corrected %d; position %d; %.0f events/s",
                counts.path("accepted").asLong(), counts.path("unchanged").asLong(), counts.path("corrected").asLong(),
                answer.position(), events / RegistryClient.seconds(asked));
    }

    /**
     * Each site's outcomes as known after the last delivery: that knownAt waits until the read models hold every
     * delivery, so the tables are final, the same on every run and the same as the dashboard shows for that delivery.
     */
    private void printOutcomes(Map<BorkenScenario.Site, String> pilots) {
        String lastDelivery = "";
        for (JsonNode delivery : json(client.get("evaluator", "/api/deliveries?wait=PT30S&minPosition=" + lastPosition,
                "application/json"))) {
            String recordedAt = delivery.path("recordedAt").asText();
            lastDelivery = recordedAt.compareTo(lastDelivery) > 0 ? recordedAt : lastDelivery;
        }
        for (Map.Entry<BorkenScenario.Site, String> pilot : pilots.entrySet()) {
            JsonNode outcomes = json(client.get("evaluator", "/api/pilots/" + pilot.getValue()
                    + "/outcomes?wait=PT30S&knownAt=" + lastDelivery, "application/json"));
            System.out.printf(Locale.ROOT, "%n%s (pilot %s), %s to %s, known at %s%n", pilot.getKey().name(),
                    pilot.getValue(), outcomes.path("from").asText(), outcomes.path("to").asText(),
                    outcomes.path("knownAt").asText());
            System.out.printf(Locale.ROOT, "  %-28s %18s %18s %12s%n", "outcome", "participants", "comparison",
                    "difference");
            for (JsonNode row : outcomes.path("outcomes")) {
                System.out.printf(Locale.ROOT, "  %-28s %18s %18s %12s%n", row.path("outcome").asText(),
                        figure(row.path("participant")), figure(row.path("comparison")),
                        row.path("difference").isNumber()
                                ? String.format(Locale.ROOT, "%+.1f pp", 100 * row.path("difference").asDouble()) : "-");
            }
        }
    }

    private static String figure(JsonNode group) {
        if (!group.path("n").isNumber()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%d/%d %5.1f%%", group.path("persons").asLong(), group.path("n").asLong(),
                100 * group.path("share").asDouble());
    }

    private void progress(String what) {
        System.out.printf(Locale.ROOT, "[demo %6.1f s] %s%n", RegistryClient.seconds(started), what);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

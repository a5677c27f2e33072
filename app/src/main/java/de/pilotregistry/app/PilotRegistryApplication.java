package de.pilotregistry.app;

import de.pilotregistry.app.audit.OfflineVerify;
import de.pilotregistry.app.benchmark.FeedBenchmark;
import de.pilotregistry.app.benchmark.ReadBenchmark;
import de.pilotregistry.app.demo.Demo;
import java.util.Arrays;
import de.pilotregistry.app.benchmark.WriteBenchmark;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** One runnable jar: the command side, the query side, or both (see {@code registry.roles}). */
@SpringBootApplication
public class PilotRegistryApplication {

    static {
        // Jobcenter networks are closed: Axon must not phone home, whoever starts this class.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        // Without the embedded store's shared read-ahead cache each projection reads its own batches: with it, a
        // projection lagging behind a faster one (a 300,000-row import) pins every event between the two in memory
        // (68,000 events and rising in a 128 MB heap, seen with jcmd GC.class_histogram, until it ran out of memory).
        System.setProperty("optimize-event-consumption", "false");
        OutOfMemoryGuard.install();
    }

    public static void main(String[] args) throws Exception {
        if (Help.asked(args)) {
            System.out.print(Help.TEXT);
            return;
        }
        if (Arrays.asList(args).contains("demo")) {
            Demo.run(Arrays.stream(args).filter(arg -> !arg.equals("demo")).toArray(String[]::new));
            return;
        }
        if (args.length > 0 && args[0].equals("benchmark-write")) {
            WriteBenchmark.run(args);
            return;
        }
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(OfflineVerify.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("hash-password")) {
            System.exit(de.pilotregistry.app.security.HashPassword.run(System.console(), System.in, System.out,
                    System.err));
        }
        if (args.length > 0 && args[0].equals("benchmark-feed")) {
            FeedBenchmark.run(args);
            return;
        }
        if (args.length > 0 && args[0].equals("benchmark-read")) {
            ReadBenchmark.run(args);
            return;
        }
        SpringApplication.run(PilotRegistryApplication.class, args);
    }
}

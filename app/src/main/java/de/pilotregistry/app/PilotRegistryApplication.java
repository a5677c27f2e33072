package de.pilotregistry.app;

import de.pilotregistry.app.audit.OfflineVerify;
import de.pilotregistry.app.benchmark.ReadBenchmark;
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
        OutOfMemoryGuard.install();
    }

    public static void main(String[] args) throws Exception {
        if (Help.asked(args)) {
            System.out.print(Help.TEXT);
            return;
        }
        if (args.length > 0 && args[0].equals("benchmark-write")) {
            WriteBenchmark.run(args);
            return;
        }
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(OfflineVerify.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("benchmark-read")) {
            ReadBenchmark.run(args);
            return;
        }
        SpringApplication.run(PilotRegistryApplication.class, args);
    }
}

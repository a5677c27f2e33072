package de.pilotregistry.app.support;

import de.pilotregistry.app.PilotRegistryApplication;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registries as real processes (java with the test class path) on one data directory, with their logs in files.
 * {@link #stopAll()} stops them and waits for their embedded PostgreSQL to go.
 */
public final class RegistryProcesses {

    private final Path dataDir;
    private final List<Process> started = new ArrayList<>();

    public RegistryProcesses(Path dataDir) {
        this.dataDir = dataDir;
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Path log(int index) {
        return dataDir.resolve("registry-" + index + ".log");
    }

    public Process start(int port, String... extra) throws IOException {
        return startWith(java.util.Map.of(), port, extra);
    }

    /** With extra environment variables, e.g. SPRING_DATASOURCE_URL for an external database. */
    public Process startWith(java.util.Map<String, String> environment, int port, String... extra) throws IOException {
        return startWith(environment, List.of(), port, extra);
    }

    /** With JVM options, e.g. a small heap. */
    public Process startWith(java.util.Map<String, String> environment, List<String> jvmOptions, int port,
                             String... extra) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                PilotRegistryApplication.class.getName(), "--server.port=" + port, "--registry.data-dir=" + dataDir));
        // the demo users with the password "demo", as in the test profile, unless the test chooses its users itself
        if (Arrays.stream(extra).noneMatch(arg -> arg.startsWith("--registry.security."))) {
            command.add("--registry.security.demo-users=true");
        }
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(started.size()).toFile());
        // These processes test the embedded server unless told otherwise: a suite run against an external
        // PostgreSQL (SPRING_DATASOURCE_URL in the environment, as .ci/run does) must not redirect them.
        builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_DATASOURCE_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    public void stopAll() throws Exception {
        for (Process process : started) {
            process.destroy(); // SIGTERM: Spring stops the web server, processors, pool, then its PostgreSQL
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroyForcibly().waitFor();
            }
        }
        keepLogs();
        Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Files.exists(pid) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    /** The logs outlive the temporary data directory, for whoever reads a failed build. */
    private void keepLogs() throws IOException {
        Path kept = Path.of("target", "process-logs");
        Files.createDirectories(kept);
        for (int i = 0; i < started.size(); i++) {
            if (Files.exists(log(i))) {
                Files.copy(log(i), kept.resolve(dataDir.getFileName() + "-registry-" + i + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A connection to the embedded PostgreSQL of these registries, with the password from the data directory. */
    public java.sql.Connection database() throws IOException, java.sql.SQLException {
        String password = Files.readString(dataDir.resolve("postgres-password")).trim();
        int port = Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(3)
                .trim());
        return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                password);
    }

    /** The JSON of a pilot definition with this name (Velen 2011/12, five places). */
    public static String pilot(String name) {
        return """
                {"name":"%s","jobcenter":"Kreis Borken","site":"Velen","start":"2011-03-01",
                 "end":"2012-02-29","participantPlaces":5}""".formatted(name);
    }

    public static void awaitHealthy(Api api, Process process) throws InterruptedException {
        // generous: on a loaded 2-core build machine a start was measured at 101 s
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("registry process exited early").isTrue();
            try {
                if (api.get(null, "/actuator/health").body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("registry did not become healthy within 180 s");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package de.pilotregistry.app.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process as the owner of the Idempotency-Keys it is running requests for: a random instance id per start,
 * registered in {@code registry_instance}, and a heartbeat every few seconds on the keys it is still running.
 * A key in progress is abandoned (a repeat may take it over) when its heartbeat is older than
 * {@code registry.idempotency.abandoned-after} (the owner died, or its request ended without a word), or at once
 * when its owner is no longer registered: a registry started on the same host and port replaced it.
 */
@Component
class IdempotencyOwner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyOwner.class);

    private final String instance = UUID.randomUUID().toString();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final JdbcTemplate jdbc;
    private final Duration heartbeat;
    private final Duration abandonedAfter;
    private ScheduledExecutorService beat;

    IdempotencyOwner(JdbcTemplate jdbc, @Value("${registry.idempotency.heartbeat:PT5S}") Duration heartbeat,
                     @Value("${registry.idempotency.abandoned-after:PT30S}") Duration abandonedAfter) {
        this.jdbc = jdbc;
        this.heartbeat = heartbeat;
        this.abandonedAfter = abandonedAfter;
    }

    String instance() {
        return instance;
    }

    long abandonedAfterSeconds() {
        return abandonedAfter.toSeconds();
    }

    /** A new claim that this process runs; its heartbeat goes on until {@link #finished}. */
    String claim() {
        String claim = UUID.randomUUID().toString();
        running.add(claim);
        return claim;
    }

    void finished(String claim) {
        running.remove(claim);
    }

    @Override
    public void start() {
        // registered before the web server takes requests; the slot follows once the port is known
        jdbc.update("insert into registry_instance (instance_id) values (?)", instance);
        beat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        beat.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The place this process serves from: a registry there before this one has stopped or died. */
    @EventListener
    void serving(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a management server on its own port
        }
        String slot = host() + ":" + event.getWebServer().getPort();
        jdbc.update("delete from registry_instance where (slot = ? and instance_id <> ?) "
                + "or heartbeat_at < now() - interval '1 day'", slot, instance);
        jdbc.update("update registry_instance set slot = ? where instance_id = ?", slot, instance);
    }

    private void beat() {
        try {
            jdbc.update("update registry_instance set heartbeat_at = now() where instance_id = ?", instance);
            if (!running.isEmpty()) {
                jdbc.update("update idempotent_request set heartbeat_at = now() where claim_id = any(?)",
                        (Object) running.toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            log.warn("Idempotency heartbeat failed (keys in progress may be released after {}): {}", abandonedAfter,
                    e.toString());
        }
    }

    @Override
    public void stop() {
        beat.shutdownNow();
        try {
            jdbc.update("delete from registry_instance where instance_id = ?", instance);
        } catch (RuntimeException e) {
            log.debug("Instance not unregistered: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return beat != null && !beat.isShutdown();
    }

    /** Starts before the web server takes requests, stops after its last request has finished. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}

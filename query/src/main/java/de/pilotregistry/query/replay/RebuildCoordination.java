package de.pilotregistry.query.replay;

import de.pilotregistry.query.support.QueryNodes;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every query node takes part in every rebuild's switch-over, wherever the rebuild runs: while a projection is
 * {@code SWITCHING} (see {@link ProjectionRebuild}) each node keeps its live processor for it stopped, so every
 * segment is unclaimed and nobody writes the live tables; when the state moves on, the node starts it again. A
 * rebuild whose node has died (no heartbeat) is marked interrupted here, and the live processors resume.
 */
@Component
class RebuildCoordination implements SmartLifecycle {

    static final Duration POLL = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(RebuildCoordination.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final QueryNodes nodes;
    private final RebuildableProjections projections;
    private final Set<String> pausedHere = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService poller;

    RebuildCoordination(JdbcTemplate jdbc, EventProcessingConfiguration processing, QueryNodes nodes,
                        RebuildableProjections projections) {
        this.jdbc = jdbc;
        this.projections = projections;
        this.processing = processing;
        this.nodes = nodes;
    }

    void poll() {
        try {
            List<Map<String, Object>> unfinished = jdbc.queryForList("select projection, node_id, state "
                    + "from q_projection_rebuild where state in ('RUNNING', 'SWITCHING')");
            Set<String> pause = ConcurrentHashMap.newKeySet();
            for (Map<String, Object> row : unfinished) {
                String projection = (String) row.get("projection");
                String node = (String) row.get("node_id");
                if (node == null || !node.equals(nodes.nodeId()) && !nodes.isAlive(node)) {
                    jdbc.update("update q_projection_rebuild set state = 'INTERRUPTED', finished_at = now(), message = "
                            + "'the query node running the rebuild stopped; the live tables were kept. Start it again.' "
                            + "where projection = ? and state in ('RUNNING', 'SWITCHING') "
                            + "and node_id is not distinct from ?", projection, node);
                    projections.named(projection).ifPresent(gone -> gone.tables().forEach(table ->
                            jdbc.execute("drop table if exists " + table + ProjectionRebuild.NEXT)));
                    log.warn("The rebuild of {} on node {} was interrupted (the node is gone)", projection, node);
                    continue;
                }
                if ("SWITCHING".equals(row.get("state"))) {
                    pause.add(projection);
                }
            }
            for (String projection : pause) {
                pauseHere(projection);
            }
            for (String projection : Set.copyOf(pausedHere)) {
                if (!pause.contains(projection)) {
                    resumeHere(projection);
                }
            }
        } catch (RuntimeException e) {
            log.debug("rebuild coordination poll failed: {}", e.toString());
        }
    }

    /** Stops this node's live processor of the projection (its claims are released). */
    void pauseHere(String projection) {
        if (pausedHere.add(projection)) {
            processing.eventProcessor(projection, StreamingEventProcessor.class).ifPresent(processor -> {
                log.info("Pausing the live processor {} on this node for a rebuild's switch-over", projection);
                processor.shutDown();
            });
        }
    }

    void resumeHere(String projection) {
        if (pausedHere.remove(projection)) {
            processing.eventProcessor(projection, StreamingEventProcessor.class).ifPresent(processor -> {
                if (!processor.isRunning()) {
                    log.info("Resuming the live processor {} on this node", projection);
                    processor.start();
                }
            });
        }
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-coordination");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        poller.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return poller != null && !poller.isShutdown();
    }
}

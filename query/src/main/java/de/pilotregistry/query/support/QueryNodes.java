package de.pilotregistry.query.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The query nodes alive now, from heartbeats in {@code q_node}. Axon's pooled processors ask how many segments this
 * node may claim ({@link #maxSegments}); with the answer "my fair share" (segments divided by live nodes, rounded up)
 * Axon itself releases the surplus, and the other nodes claim it: segments spread over the live query nodes instead of
 * the first node taking all. A node that stops removes its heartbeat; one that dies is forgotten after
 * {@link #ALIVE}, and its segments are claimed by the others once its claims time out.
 */
@Component
public class QueryNodes implements SmartLifecycle {

    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration ALIVE = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(QueryNodes.class);

    private final JdbcTemplate jdbc;
    private final String nodeId = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private volatile int liveNodes;
    private volatile Map<String, Integer> segments = Map.of();
    private ScheduledExecutorService heartbeat;

    public QueryNodes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String nodeId() {
        return nodeId;
    }

    /** Whether a node's heartbeat is recent. */
    public boolean isAlive(String node) {
        Boolean alive = jdbc.queryForObject("select exists (select 1 from q_node where node_id = ? and seen_at > "
                + "clock_timestamp() - make_interval(secs => ?))", Boolean.class, node, (double) ALIVE.toSeconds());
        return Boolean.TRUE.equals(alive);
    }

    /** This node's fair share of a processor's segments; all of them until the first heartbeat has been counted. */
    public int maxSegments(String processor) {
        Integer total = segments.get(processor);
        if (liveNodes == 0 || total == null) {
            return Short.MAX_VALUE;
        }
        return Math.max(1, (total + liveNodes - 1) / liveNodes);
    }

    void beat() {
        try {
            jdbc.update("insert into q_node (node_id, seen_at) values (?, clock_timestamp()) "
                    + "on conflict (node_id) do update set seen_at = excluded.seen_at", nodeId);
            jdbc.update("delete from q_node where seen_at < clock_timestamp() - interval '1 hour'");
            Integer live = jdbc.queryForObject("select count(*) from q_node where seen_at > clock_timestamp() - "
                    + "make_interval(secs => ?)", Integer.class, (double) ALIVE.toSeconds());
            Map<String, Integer> counted = new HashMap<>();
            jdbc.query("select processorname, count(*) from tokenentry group by processorname",
                    rs -> {
                        counted.put(rs.getString(1), rs.getInt(2));
                    });
            segments = counted;
            liveNodes = live == null ? 0 : live;
        } catch (RuntimeException e) {
            log.debug("heartbeat of query node {} failed (database unreachable?): {}", nodeId, e.toString());
        }
    }

    @Override
    public void start() {
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "query-node-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        beat();
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        heartbeat.shutdownNow();
        try {
            jdbc.update("delete from q_node where node_id = ?", nodeId);
        } catch (RuntimeException e) {
            log.debug("could not remove the heartbeat of {}: {}", nodeId, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeat != null && !heartbeat.isShutdown();
    }

    /** Starts before the processors (which ask for the share) and stops after them. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }
}

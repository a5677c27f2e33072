package de.pilotregistry.query.replay;

import de.pilotregistry.query.support.QueryNodes;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds a projection from the first event into fresh tables ({@code TABLE__next}) while the live tables keep
 * answering queries; when the rebuild has caught up, the live processors pause on every query node (state
 * {@code SWITCHING}, {@link RebuildCoordination}; they release their claims), the rebuild takes the last events,
 * the tables are swapped and the tokens set to the rebuild's position in one transaction, and the live processors
 * continue from there on every node. Queries never see a half-built read model; a failed rebuild drops its
 * shadow tables and leaves the live ones as they were.
 */
@Component
class ProjectionRebuild {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    static final String NEXT = "__next";
    private static final int BATCH = 2000;
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);
    private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(60);

    record Progress(String projection, String state, Instant startedAt, Instant finishedAt, long eventsDone,
                    long eventsTotal, Double eventsPerSecond, Double secondsLeft, String message) {
    }

    private final RebuildableProjections projections;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<String> running = new AtomicReference<>();
    private final QueryNodes nodes;
    private final RebuildCoordination coordination;

    ProjectionRebuild(RebuildableProjections projections, EventStore eventStore, EventProcessingConfiguration processing,
                      TokenStore tokenStore, TransactionManager transactionManager, TransactionTemplate transaction,
                      JdbcTemplate jdbc, Clock clock, QueryNodes nodes, RebuildCoordination coordination) {
        this.nodes = nodes;
        this.coordination = coordination;
        this.projections = projections;
        this.eventStore = eventStore;
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @return false when a rebuild is already running (on this or another query node) */
    boolean start(RebuildableProjections.Projection projection) {
        if (!running.compareAndSet(null, projection.name())) {
            return false;
        }
        long total = jdbc.queryForObject("select coalesce(max(globalindex), 0) from domainevententry", Long.class);
        int claimed = jdbc.update("insert into q_projection_rebuild (projection, state, started_at, events_done, "
                        + "events_total, node_id) values (?, 'RUNNING', ?, 0, ?, ?) on conflict (projection) do update "
                        + "set state = 'RUNNING', started_at = excluded.started_at, finished_at = null, events_done = 0, "
                        + "events_total = excluded.events_total, message = null, node_id = excluded.node_id "
                        + "where q_projection_rebuild.state not in ('RUNNING', 'SWITCHING')",
                projection.name(), clock.instant().atOffset(java.time.ZoneOffset.UTC), total, nodes.nodeId());
        if (claimed == 0) {
            running.set(null);
            return false;
        }
        worker.submit(() -> {
            try {
                rebuild(projection);
            } catch (Exception e) {
                log.error("Rebuild of projection {} failed; the live tables stay as they were", projection.name(), e);
                jdbc.update("update q_projection_rebuild set state = 'FAILED', finished_at = now(), message = ? "
                        + "where projection = ?", String.valueOf(e.getMessage()), projection.name());
                dropShadowTables(projection);
                coordination.resumeHere(projection.name());
            } finally {
                running.set(null);
            }
        });
        return true;
    }

    Progress progress(String projection) {
        return jdbc.query("select state, started_at, finished_at, events_done, events_total, message "
                + "from q_projection_rebuild where projection = ?", (rs, row) -> {
            Instant started = rs.getTimestamp(2).toInstant();
            Instant finished = rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant();
            long done = rs.getLong(4);
            long total = rs.getLong(5);
            double seconds = Duration.between(started, finished == null ? clock.instant() : finished).toMillis() / 1000.0;
            Double rate = seconds > 0 ? done / seconds : null;
            Double left = rate == null || rate == 0 || finished != null ? null : Math.max(0, total - done) / rate;
            return new Progress(projection, rs.getString(1), started, finished, done, total, rate, left,
                    rs.getString(6));
        }, projection).stream().findFirst().orElse(new Progress(projection, "NEVER_RUN", null, null, 0, 0, null,
                null, null));
    }

    private void rebuild(RebuildableProjections.Projection projection) throws Exception {
        String name = projection.name();
        transaction.executeWithoutResult(status -> projection.tables().forEach(table -> {
            jdbc.execute("drop table if exists " + table + NEXT);
            jdbc.execute("create table " + table + NEXT + " (like " + table + " including all)");
            // LIKE copies columns and indexes, not storage parameters (autovacuum settings).
            List<String> options = jdbc.queryForList("select unnest(reloptions) from pg_class where relname = ?",
                    String.class, table);
            if (!options.isEmpty()) {
                jdbc.execute("alter table " + table + NEXT + " set (" + String.join(", ", options) + ")");
            }
        }));
        AnnotationEventHandlerAdapter handler =
                new AnnotationEventHandlerAdapter(projection.handlerWritingTablesWithSuffix().apply(NEXT));
        log.info("Rebuilding projection {} from the first event into {}", name, projection.tables());
        TrackingToken position = null;
        long done = 0;
        Instant lastLog = clock.instant();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (true) {
                List<TrackedEventMessage<?>> batch = read(stream);
                if (!batch.isEmpty()) {
                    apply(handler, batch);
                    position = batch.get(batch.size() - 1).trackingToken();
                    done = position.position().orElse(done);
                    jdbc.update("update q_projection_rebuild set events_done = ?, events_total = greatest(events_total, ?) "
                            + "where projection = ?", done, done, name);
                    if (Duration.between(lastLog, clock.instant()).compareTo(PROGRESS_LOG_INTERVAL) >= 0) {
                        Progress progress = progress(name);
                        log.info("Rebuild of {}: {} of {} events, {} events/s, about {} s left", name,
                                progress.eventsDone(), progress.eventsTotal(), round(progress.eventsPerSecond()),
                                round(progress.secondsLeft()));
                        lastLog = clock.instant();
                    }
                }
                if (batch.size() < BATCH) {
                    break; // caught up but for what arrives meanwhile
                }
            }
            // Statistics and visibility map before the new tables answer (index-only scans need the latter);
            // done while the live processors still run, so their pause stays short.
            projection.tables().forEach(table -> jdbc.execute("vacuum analyze " + table + NEXT));
            pauseEverywhere(name);
            // Nobody writes the live tables now: take what came meanwhile, then switch. Events that commit later
            // are after the position handed over, and the live processors take them from there.
            for (List<TrackedEventMessage<?>> batch = read(stream); !batch.isEmpty(); batch = read(stream)) {
                apply(handler, batch);
                position = batch.get(batch.size() - 1).trackingToken();
            }
            switchOver(projection, position);
        }
        jdbc.update("update q_projection_rebuild set state = 'DONE', finished_at = now(), events_done = ? "
                + "where projection = ?", position == null ? 0 : position.position().orElse(0), name);
        coordination.resumeHere(name);
        Progress progress = progress(name);
        log.info("Rebuild of {} done: {} events at {} events/s; the rebuilt tables now answer queries", name,
                progress.eventsDone(), round(progress.eventsPerSecond()));
    }

    private static List<TrackedEventMessage<?>> read(BlockingStream<TrackedEventMessage<?>> stream)
            throws InterruptedException {
        List<TrackedEventMessage<?>> batch = new ArrayList<>(BATCH);
        while (batch.size() < BATCH && stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)) {
            batch.add(stream.nextAvailable());
        }
        return batch;
    }

    /**
     * Every query node stops its live processor for the projection (see {@link RebuildCoordination}); this waits
     * until no segment of it is claimed anywhere.
     */
    private void pauseEverywhere(String name) throws InterruptedException {
        jdbc.update("update q_projection_rebuild set state = 'SWITCHING' where projection = ?", name);
        coordination.pauseHere(name);
        Instant deadline = clock.instant().plus(PAUSE_TIMEOUT);
        while (jdbc.queryForObject("select count(*) from tokenentry where processorname = ? and owner is not null",
                Long.class, name) > 0) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("the live processors of " + name + " on other query nodes did not "
                        + "release their segments within " + PAUSE_TIMEOUT);
            }
            Thread.sleep(RebuildCoordination.POLL.toMillis());
        }
    }

    private void dropShadowTables(RebuildableProjections.Projection projection) {
        try {
            projection.tables().forEach(table -> jdbc.execute("drop table if exists " + table + NEXT));
        } catch (RuntimeException e) {
            log.warn("Could not drop the shadow tables of {}: {}", projection.name(), e.toString());
        }
    }

    private void apply(AnnotationEventHandlerAdapter handler, List<TrackedEventMessage<?>> batch) throws Exception {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        try {
            for (TrackedEventMessage<?> event : batch) {
                if (handler.canHandle(event)) {
                    handler.handle(event);
                }
            }
            unitOfWork.commit();
        } catch (Exception e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
    }

    private void switchOver(RebuildableProjections.Projection projection, TrackingToken position) {
        transaction.executeWithoutResult(status -> {
            for (String table : projection.tables()) {
                jdbc.execute("alter table " + table + " rename to " + table + "__old");
                jdbc.execute("alter table " + table + NEXT + " rename to " + table);
                jdbc.execute("drop table " + table + "__old");
            }
            for (int segment : tokenStore.fetchSegments(projection.name())) {
                tokenStore.fetchToken(projection.name(), segment); // claims the released segment for this node
                tokenStore.storeToken(position, projection.name(), segment);
                tokenStore.releaseClaim(projection.name(), segment);
            }
        });
    }

    private static Object round(Double value) {
        return value == null ? "?" : Math.round(value);
    }
}

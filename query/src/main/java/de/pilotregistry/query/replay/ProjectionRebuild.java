package de.pilotregistry.query.replay;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
 * answering queries; when the rebuild has caught up, the live processor is paused, the rebuild takes the last
 * events, the tables are swapped in one transaction and the live processor continues from the rebuild's
 * position. Queries never see a half-built read model.
 */
@Component
class ProjectionRebuild {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    static final String NEXT = "__next";
    private static final int BATCH = 2000;
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);

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

    ProjectionRebuild(RebuildableProjections projections, EventStore eventStore, EventProcessingConfiguration processing,
                      TokenStore tokenStore, TransactionManager transactionManager, TransactionTemplate transaction,
                      JdbcTemplate jdbc, Clock clock) {
        this.projections = projections;
        this.eventStore = eventStore;
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A rebuild runs in this process only; one that was running when the process stopped will never finish.
     * Its shadow tables are dropped by the next rebuild, the live tables were never touched.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void markInterruptedRebuilds() {
        int interrupted = jdbc.update("update q_projection_rebuild set state = 'INTERRUPTED', finished_at = now(), "
                + "message = 'the registry stopped during the rebuild; the live tables were kept. Start it again.' "
                + "where state = 'RUNNING'");
        if (interrupted > 0) {
            log.warn("{} projection rebuild(s) were interrupted by a stop; the live tables were kept", interrupted);
        }
    }

    /** @return false when a rebuild is already running */
    boolean start(RebuildableProjections.Projection projection) {
        if (!running.compareAndSet(null, projection.name())) {
            return false;
        }
        long total = jdbc.queryForObject("select coalesce(max(globalindex), 0) from domainevententry", Long.class);
        jdbc.update("insert into q_projection_rebuild (projection, state, started_at, events_done, events_total) "
                        + "values (?, 'RUNNING', ?, 0, ?) on conflict (projection) do update set state = 'RUNNING', "
                        + "started_at = excluded.started_at, finished_at = null, events_done = 0, "
                        + "events_total = excluded.events_total, message = null",
                projection.name(), clock.instant().atOffset(java.time.ZoneOffset.UTC), total);
        worker.submit(() -> {
            try {
                rebuild(projection);
            } catch (Exception e) {
                log.error("Rebuild of projection {} failed; the live tables stay as they were", projection.name(), e);
                jdbc.update("update q_projection_rebuild set state = 'FAILED', finished_at = now(), message = ? "
                        + "where projection = ?", String.valueOf(e.getMessage()), projection.name());
                resumeLive(projection.name());
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
            boolean livePaused = false;
            while (true) {
                List<TrackedEventMessage<?>> batch = new ArrayList<>(BATCH);
                // While the live processor runs, read on as long as events come; once paused, drain to the end.
                while (batch.size() < BATCH && stream.hasNextAvailable(livePaused ? 500 : 0, TimeUnit.MILLISECONDS)) {
                    batch.add(stream.nextAvailable());
                }
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
                    continue;
                }
                if (!livePaused) {
                    // Statistics and visibility map before the new tables answer (index-only scans need the
                    // latter); done while the live processor still runs, so its pause stays short.
                    projection.tables().forEach(table -> jdbc.execute("vacuum analyze " + table + NEXT));
                    pauseLive(name);
                    livePaused = true;
                    continue;
                }
                break;
            }
            switchOver(projection, position);
        } finally {
            resumeLive(name);
        }
        jdbc.update("update q_projection_rebuild set state = 'DONE', finished_at = now() where projection = ?", name);
        Progress progress = progress(name);
        log.info("Rebuild of {} done: {} events at {} events/s; the rebuilt tables now answer queries", name,
                progress.eventsDone(), round(progress.eventsPerSecond()));
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

    private void pauseLive(String name) {
        processing.eventProcessor(name, StreamingEventProcessor.class).ifPresent(StreamingEventProcessor::shutDown);
    }

    private void resumeLive(String name) {
        processing.eventProcessor(name, StreamingEventProcessor.class).ifPresent(processor -> {
            if (!processor.isRunning()) {
                processor.start();
            }
        });
    }

    private static Object round(Double value) {
        return value == null ? "?" : Math.round(value);
    }
}

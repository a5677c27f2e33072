package de.pilotregistry.query.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends a leaf for every committed event, in position order, and signs a checkpoint every
 * {@code registry.audit.checkpoint-events} events or {@code registry.audit.checkpoint-interval}, whichever comes
 * first; with {@code registry.audit.tsa-url} set, has each checkpoint time-stamped there (RFC 3161). Every query node runs this; one transaction-scoped advisory lock lets one of them write at a time.
 * <p>
 * It reads only committed events, and nothing can commit below one of them later: every append takes the
 * {@link de.pilotregistry.platform.AppendLock} before its position is handed out and holds it to its commit, so
 * positions become visible in order (the guarantee the projections' streaming relies on too). Empty positions
 * below a committed event belong to rolled-back appends and stay empty.
 */
@Component
class AuditLogWriter implements SmartLifecycle {

    static final int BATCH = 2000;
    private static final Logger log = LoggerFactory.getLogger(AuditLogWriter.class);

    private final AuditLog auditLog;
    private final AuditKey key;
    private final TransactionTemplate transaction;
    private final long checkpointEvents;
    private final Duration checkpointInterval;
    private final Duration appendInterval;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong treeSize = new AtomicLong();
    private final TimeStamping timeStamping;
    private volatile boolean otherKeyReported;
    private boolean failing;
    private ScheduledExecutorService executor;

    AuditLogWriter(AuditLog auditLog, AuditKey key, PlatformTransactionManager transactionManager,
                   MeterRegistry meters,
                   @Value("${registry.audit.checkpoint-events:1000}") long checkpointEvents,
                   @Value("${registry.audit.checkpoint-interval:PT60S}") Duration checkpointInterval,
                   @Value("${registry.audit.append-interval:PT1S}") Duration appendInterval,
                   @Value("${registry.audit.tsa-url:}") String tsaUrl) {
        this.auditLog = auditLog;
        this.key = key;
        this.transaction = new TransactionTemplate(transactionManager);
        this.checkpointEvents = checkpointEvents;
        this.checkpointInterval = checkpointInterval;
        this.appendInterval = appendInterval;
        this.timeStamping = tsaUrl.isBlank() ? null : new TimeStamping(URI.create(tsaUrl));
        Gauge.builder("registry.audit.lag", lag, AtomicLong::get).baseUnit("positions")
                .description("committed event positions not yet in the audit log's Merkle tree").register(meters);
        Gauge.builder("registry.audit.tree.size", treeSize, AtomicLong::get).baseUnit("events")
                .description("leaves of the audit log's Merkle tree").register(meters);
    }

    /** One round: catch up with the events, then sign a checkpoint when one is due. */
    void round() {
        Integer appended;
        do {
            appended = transaction.execute(status -> auditLog.becomeWriter() ? auditLog.appendNext(BATCH) : 0);
        } while (appended != null && appended == BATCH);
        transaction.executeWithoutResult(status -> {
            if (auditLog.becomeWriter()) {
                checkpointIfDue();
            }
        });
        if (timeStamping != null) {
            stampCheckpoints();
        }
        lag.set(auditLog.lag());
        treeSize.set(auditLog.treeSize());
    }

    private void checkpointIfDue() {
        long size = auditLog.treeSize();
        Optional<AuditLog.StoredCheckpoint> last = auditLog.latestCheckpoint();
        if (size == 0 || last.isPresent() && last.get().treeSize() >= size) {
            return;
        }
        var now = auditLog.databaseNow();
        boolean due = last.isEmpty() || size - last.get().treeSize() >= checkpointEvents
                || !now.isBefore(last.get().signedAt().plus(checkpointInterval));
        if (!due) {
            return;
        }
        SigningKey signer = key.get();
        if (last.isPresent() && !Arrays.equals(last.get().keyId(), signer.keyId())) {
            if (!otherKeyReported) {
                otherKeyReported = true;
                log.warn("Not signing audit checkpoints: the last one was signed by key {}, this node has key {} "
                                + "(registry.audit.signing-key must be the same file on every query node).",
                        HexFormat.of().formatHex(last.get().keyId()), HexFormat.of().formatHex(signer.keyId()));
            }
            return;
        }
        Checkpoint checkpoint = Checkpoint.sign(key.origin(), size, MerkleTree.root(auditLog.subtrees(), size), now,
                signer);
        auditLog.store(checkpoint, signer.keyId());
    }

    /**
     * Asks the time-stamping authority for every checkpoint without a stamp, outside the writer's lock (a slow
     * authority must not hold up the tree); two nodes asking at once store the first answer.
     */
    private void stampCheckpoints() {
        for (AuditLog.StoredCheckpoint checkpoint : auditLog.unstamped()) {
            try {
                auditLog.storeTimestamp(checkpoint.treeSize(), timeStamping.stamp(checkpoint.note()));
            } catch (IOException e) {
                log.warn("checkpoint {} not time-stamped yet, the next round asks again: {}", checkpoint.treeSize(),
                        e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A failing round (database unreachable) is retried by the next; reported once per run of failures. */
    private void safeRound() {
        try {
            round();
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("audit log round failed (database unreachable?); the next rounds retry: {}", e.toString());
            }
            failing = true;
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-log-writer");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::safeRound, 0, appendInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}

package de.pilotregistry.query;

import de.pilotregistry.platform.AppendedPosition;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The event store as the projections read it. Axon's embedded event store offers its streams no "events available"
 * callback, so a pooled processor looks for new events only every 500 ms, and a read that waits for the caller's
 * write (minPosition) waits that long. This source gives each stream the callback and calls it when this process
 * has appended events (checked every {@link #NUDGE} ms, and for a while after, until the commit is through), and
 * every {@link #IDLE_NUDGE} ms otherwise (events appended by other nodes), as Axon's own polling would.
 */
public final class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    static final long NUDGE = 10;
    static final long IDLE_NUDGE = 500;
    private static final long AFTER_APPEND = 300;
    private static final ScheduledExecutorService NUDGER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-nudger");
        thread.setDaemon(true);
        return thread;
    });
    private static final Set<Runnable> CALLBACKS = ConcurrentHashMap.newKeySet();

    private static long seenAppend = -1;
    private static long nudgeUntil;
    private static long lastNudge;

    static {
        NUDGER.scheduleWithFixedDelay(PromptEventSource::nudgeIfDue, NUDGE, NUDGE, TimeUnit.MILLISECONDS);
    }

    /** Runs on the nudger thread only. */
    private static void nudgeIfDue() {
        long now = System.currentTimeMillis();
        long appended = AppendedPosition.lastInThisProcess();
        if (appended != seenAppend) {
            seenAppend = appended;
            nudgeUntil = now + AFTER_APPEND;
        }
        if (now <= nudgeUntil || now - lastNudge >= IDLE_NUDGE) {
            lastNudge = now;
            CALLBACKS.forEach(Runnable::run);
        }
    }

    private final StreamableMessageSource<TrackedEventMessage<?>> delegate;

    /** The store as a processor of its own reads it (e.g. the AMQP publisher): prompt, like the projections. */
    public static StreamableMessageSource<TrackedEventMessage<?>> of(
            StreamableMessageSource<TrackedEventMessage<?>> delegate) {
        return new PromptEventSource(delegate);
    }

    PromptEventSource(StreamableMessageSource<TrackedEventMessage<?>> delegate) {
        this.delegate = delegate;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new Nudged(delegate.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return delegate.createTokenSince(duration);
    }

    private static final class Nudged implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private volatile Runnable callback;

        Nudged(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            CALLBACKS.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable registered = callback;
            if (registered != null) {
                CALLBACKS.remove(registered);
            }
            stream.close();
        }
    }
}

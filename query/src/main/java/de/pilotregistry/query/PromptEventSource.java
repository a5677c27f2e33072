package de.pilotregistry.query;

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
 * write (minPosition) waits that long. This source gives each stream the callback and calls it every
 * {@link #NUDGE} ms: the processor then checks its (in-memory) stream at once; the check is cheap and the processor
 * never runs two checks at the same time.
 */
final class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    static final long NUDGE = 25;
    private static final ScheduledExecutorService NUDGER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-nudger");
        thread.setDaemon(true);
        return thread;
    });
    private static final Set<Runnable> CALLBACKS = ConcurrentHashMap.newKeySet();

    static {
        NUDGER.scheduleWithFixedDelay(() -> CALLBACKS.forEach(Runnable::run), NUDGE, NUDGE, TimeUnit.MILLISECONDS);
    }

    private final StreamableMessageSource<TrackedEventMessage<?>> delegate;

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

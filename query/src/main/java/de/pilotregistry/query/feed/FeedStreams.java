package de.pilotregistry.query.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live feed as server-sent events: each open stream is polled on a small shared scheduler (never two polls of
 * one stream at once; again at once while it is behind), sends what lies between its cursor and the committed head ({@code id:} = position, so a
 * client's {@code Last-Event-ID} resumes exactly after it), and a comment line while idle, which also tells a
 * closed connection apart. Streams per user are bounded: each holds a request thread's connection and a poll.
 */
@Component
public class FeedStreams implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(FeedStreams.class);
    private static final ObjectMapper CLOUD_EVENTS = new ObjectMapper()
            .registerModule(JsonFormat.getCloudEventJacksonModule());
    private static final int BATCH = 1000;
    private static final MediaType UTF8_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private static final byte[] END_OF_EVENT = {'\n', '\n'};
    private static final int PAGES_PER_TURN = 20;

    private final EventFeed feed;
    private final int maxPerUser;
    private final Duration poll;
    private final Duration heartbeat;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "feed-streams");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicInteger> openPerUser = new ConcurrentHashMap<>();
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    FeedStreams(EventFeed feed,
                @Value("${registry.feed.max-streams-per-user:2}") int maxPerUser,
                @Value("${registry.feed.poll:PT0.2S}") Duration poll,
                @Value("${registry.feed.heartbeat:PT15S}") Duration heartbeat,
                @Value("${registry.feed.stream-timeout:PT30M}") Duration timeout) {
        this.feed = feed;
        this.maxPerUser = maxPerUser;
        this.poll = poll;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
    }

    /** Opens a stream of the events after {@code after}; refused beyond the user's bound. */
    public SseEmitter open(String user, long after, Subscription subscription) {
        AtomicInteger count = openPerUser.computeIfAbsent(user, name -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerUser) {
            count.decrementAndGet();
            throw new TooManyStreams(user, maxPerUser);
        }
        // A stream ends after the timeout (the client reconnects with Last-Event-ID), so no connection lives forever
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Stream stream = new Stream(user, emitter, after, subscription);
        open.add(stream);
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(error -> stream.close());
        stream.task = scheduler.schedule(stream::run, 0, TimeUnit.MILLISECONDS);
        return emitter;
    }

    /**
     * A page of events as server-sent events, written in one piece (one write and one flush per page, not per event):
     * {@code id:} = position, {@code data:} = the CloudEvent in structured JSON, which has no line breaks.
     */
    static byte[] sse(List<CloudEvent> events) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream(events.size() * 512);
        for (CloudEvent event : events) {
            text.write(("id:" + Long.parseLong((String) event.getExtension(EventFeed.SEQUENCE)) + "\ndata:")
                    .getBytes(StandardCharsets.US_ASCII));
            CLOUD_EVENTS.writeValue(text, event);
            text.write(END_OF_EVENT);
        }
        return text.toByteArray();
    }

    /** Streams open now (for tests and metrics). */
    public int openStreams() {
        return open.size();
    }

    private final class Stream {
        private final String user;
        private final SseEmitter emitter;
        private final Subscription subscription;
        private long cursor;
        private long quietSince = System.nanoTime();
        private volatile ScheduledFuture<?> task;
        private volatile boolean closed;

        Stream(String user, SseEmitter emitter, long after, Subscription subscription) {
            this.user = user;
            this.emitter = emitter;
            this.cursor = after;
            this.subscription = subscription;
        }

        /** One turn, then the next: at once while the stream is behind, after the poll interval when it is not. */
        void run() {
            boolean behind = poll();
            if (!closed) {
                task = scheduler.schedule(this::run, behind ? 0 : poll.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        /** Sends what lies after the cursor (a few pages) or a heartbeat; true when more is waiting. */
        private boolean poll() {
            if (closed) {
                return false;
            }
            try {
                boolean sent = false;
                // a stream far behind catches up a few pages per turn, so it does not hold a scheduler thread that
                // other streams wait for
                int pages = 0;
                for (; pages < PAGES_PER_TURN && !closed && feed.safePosition() > cursor; pages++) {
                    EventFeed.Page page = feed.read(cursor, BATCH, subscription);
                    if (!page.events().isEmpty()) {
                        emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(sse(page.events()), UTF8_TEXT)));
                        sent = true;
                    }
                    cursor = page.lastPosition();
                }
                long now = System.nanoTime();
                if (sent) {
                    quietSince = now;
                } else if (now - quietSince >= heartbeat.toNanos()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    quietSince = now;
                }
                return pages == PAGES_PER_TURN;
            } catch (IOException | IllegalStateException gone) {
                // the client went away (or the emitter was completed): stop polling for it
                completeQuietly();
            } catch (RuntimeException e) {
                LOG.warn("feed stream of {} failed at position {}", user, cursor, e);
                completeQuietly();
            }
            return false;
        }

        void completeQuietly() {
            close();
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already completed
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            openPerUser.get(user).decrementAndGet();
            ScheduledFuture<?> scheduled = task;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** At shutdown every stream ends (clients reconnect elsewhere) instead of holding the graceful shutdown. */
    @Override
    public void stop() {
        running = false;
        for (Stream stream : Set.copyOf(open)) {
            stream.completeQuietly();
        }
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops before the web server's graceful shutdown (phase {@code Integer.MAX_VALUE - 1024}) waits for the requests
     * in flight: an open stream is one and never ends by itself, so it would hold the shutdown for its whole timeout.
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 512;
    }
}

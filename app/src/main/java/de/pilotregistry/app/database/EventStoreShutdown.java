package de.pilotregistry.app.database;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Axon's embedded event store keeps a thread that reads ahead for the processors. Under Spring it is not stopped
 * before the connection pool closes, and logs an error when its next read finds the pool closed. Stopped here,
 * after the web server and the processors (a lower phase stops later) and before any bean is destroyed.
 */
@Component
class EventStoreShutdown implements SmartLifecycle {

    private static final Duration READER_STOP = Duration.ofSeconds(5);

    private final EventStore eventStore;
    private volatile boolean running;

    EventStoreShutdown(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (eventStore instanceof EmbeddedEventStore embedded) {
            embedded.shutDown();
            awaitReaderThreads();
        }
        running = false;
    }

    /** shutDown() only asks the reader to stop; a read under way would still find the pool closed. */
    private static void awaitReaderThreads() {
        Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("EmbeddedEventStore"))
                .forEach(thread -> {
                    try {
                        thread.join(READER_STOP.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}

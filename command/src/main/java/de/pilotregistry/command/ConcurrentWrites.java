package de.pilotregistry.command;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Two writers to the same case at the same moment: the unique (aggregate, sequence) of the event store lets
 * one win and refuses the other, which is then simply tried again on the new state.
 */
public final class ConcurrentWrites {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentWrites.class);
    private static final int ATTEMPTS = 5;

    private ConcurrentWrites() {
    }

    public static <T> T retried(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (ConcurrencyException | AggregateStreamCreationException | EventStoreException e) {
                if (attempt == ATTEMPTS || !isConflict(e)) {
                    throw e;
                }
                log.debug("Concurrent write to the same case, attempt {} of {}: {}", attempt, ATTEMPTS, e.getMessage());
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1, 20 * attempt)); // spread the retries
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean isConflict(RuntimeException e) {
        return e instanceof ConcurrencyException || e instanceof AggregateStreamCreationException
                || String.valueOf(e.getMessage()).contains("already inserted")
                || String.valueOf(e.getMessage()).contains("Cannot reuse aggregate identifier");
    }
}

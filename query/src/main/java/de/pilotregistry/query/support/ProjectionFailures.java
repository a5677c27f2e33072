package de.pilotregistry.query.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A projection that fails on an event stops there (the error propagates; the event is retried, never skipped).
 * This records each such failure, with processor, segment, position and error, counts it in
 * {@code registry_projection_failures_total}, and keeps it until the segment has processed past that position, so
 * health and {@code GET /api/admin/projections} can never look healthy while a projection is stuck.
 */
@Component
public class ProjectionFailures {

    /**
     * @param segment the segment, or -1 until known; @param position the first event of the failing batch (a batch is
     *                written at its commit, so a failure there cannot be pinned to one event); @param lastPosition its last
     */
    public record Failure(String processor, int segment, long position, long lastPosition, String sequence,
                          String eventType, String error, Instant firstAt, Instant lastAt, long attempts) {

        Failure inSegment(int segmentId) {
            return new Failure(processor, segmentId, position, lastPosition, sequence, eventType, error, firstAt, lastAt,
                    attempts);
        }
    }

    private static final int ERROR_EXCERPT = 300;

    private final Map<String, Failure> current = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;

    public ProjectionFailures(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** The error handler of one processor: records, then propagates (the segment stops and retries the batch). */
    public ErrorHandler handlerFor(String processor) {
        Counter failures = Counter.builder("registry.projection.failures")
                .description("batches a projection failed to process (each attempt)")
                .tag("processor", processor).register(meters);
        return context -> {
            failures.increment();
            record(processor, context.failedEvents(), context.error());
            if (context.error() instanceof Error error) {
                throw error;
            }
            throw (Exception) context.error();
        };
    }

    private void record(String processor, List<? extends EventMessage<?>> batch, Throwable exception) {
        if (batch.isEmpty()) {
            return;
        }
        EventMessage<?> first = batch.get(0);
        long position = positionOf(first);
        long last = positionOf(batch.get(batch.size() - 1));
        String sequence = first instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier()
                : first.getIdentifier();
        Instant now = clock.instant();
        String error = rootCause(exception).getClass().getSimpleName() + ": "
                + excerpt(String.valueOf(rootCause(exception).getMessage()));
        current.compute(processor + "/" + sequence, (key, earlier) -> earlier != null && earlier.position() == position
                ? new Failure(processor, -1, position, last, sequence, earlier.eventType(), error, earlier.firstAt(),
                now, earlier.attempts() + 1)
                : new Failure(processor, -1, position, last, sequence, first.getPayloadType().getSimpleName(), error,
                now, now, 1));
    }

    /**
     * The failures still standing, each in its segment: a failure is cleared once that segment's stored token is at or
     * past its position.
     * @param tokens stored token position per segment, per processor
     */
    public List<Failure> standing(Map<String, Map<Integer, Long>> tokens) {
        List<Failure> standing = new ArrayList<>();
        for (Map.Entry<String, Failure> entry : current.entrySet()) {
            Failure failure = entry.getValue();
            Map<Integer, Long> segments = tokens.getOrDefault(failure.processor(), Map.of());
            int[] ids = segments.keySet().stream().mapToInt(Integer::intValue).toArray();
            Optional<Integer> segment = segments.keySet().stream()
                    .filter(id -> Segment.computeSegment(id, ids).matches(failure.sequence().hashCode())).findFirst();
            if (segment.isPresent() && segments.get(segment.get()) >= failure.position()) {
                current.remove(entry.getKey(), failure);
            } else {
                standing.add(failure.inSegment(segment.orElse(-1)));
            }
        }
        standing.sort(Comparator.comparing(Failure::processor).thenComparing(Failure::segment));
        return standing;
    }

    private static long positionOf(EventMessage<?> event) {
        return event instanceof TrackedEventMessage<?> tracked ? tracked.trackingToken().position().orElse(-1) : -1;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String excerpt(String text) {
        return text.length() <= ERROR_EXCERPT ? text : text.substring(0, ERROR_EXCERPT) + "…";
    }
}

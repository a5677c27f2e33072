package de.pilotregistry.app;

import de.pilotregistry.query.support.ProjectionFailures;
import de.pilotregistry.query.support.ReadModelProgress;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UP only while every event processor runs, no segment is in error and no projection is held back by an event it
 * failed on (named with processor, segment, position and error until the segment has processed past it).
 */
@Component("eventProcessors")
class EventProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;
    private final ObjectProvider<ProjectionFailures> failures;
    private final ObjectProvider<ReadModelProgress> progress;

    EventProcessorsHealthIndicator(EventProcessingConfiguration processing,
                                   ObjectProvider<ProjectionFailures> failures,
                                   ObjectProvider<ReadModelProgress> progress) {
        this.processing = processing;
        this.failures = failures;
        this.progress = progress;
    }

    @Override
    public Health health() {
        Map<String, EventProcessor> processors = processing.eventProcessors();
        Health.Builder health = Health.up();
        processors.forEach((name, processor) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            boolean error = processor instanceof StreamingEventProcessor streaming && (streaming.isError()
                    || streaming.processingStatus().values().stream().anyMatch(s -> s.isErrorState()));
            String state = error ? "ERROR" : processor.isRunning() ? "RUNNING" : "STOPPED";
            if (!"RUNNING".equals(state)) {
                health.down();
            }
            detail.put("state", state);
            health.withDetail(name, detail);
        });
        ProjectionFailures recorded = failures.getIfAvailable();
        ReadModelProgress read = progress.getIfAvailable();
        if (recorded != null && read != null) {
            try {
                List<ProjectionFailures.Failure> standing = read.standingFailures(recorded);
                if (!standing.isEmpty()) {
                    health.down().withDetail("failingProjections", standing);
                }
            } catch (DataAccessException unreachable) {
                health.down().withDetail("projectionPositions", "unknown: " + unreachable.getClass().getSimpleName());
            }
        }
        return health.build();
    }
}

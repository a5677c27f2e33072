package de.pilotregistry.app;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;

/** UP only while every event processor runs and no streaming processor is in error. */
@Component("eventProcessors")
class EventProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    EventProcessorsHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Map<String, EventProcessor> processors = processing.eventProcessors();
        Health.Builder health = Health.up();
        processors.forEach((name, processor) -> {
            boolean error = processor instanceof StreamingEventProcessor streaming && streaming.isError();
            String state = error ? "ERROR" : processor.isRunning() ? "RUNNING" : "STOPPED";
            if (!"RUNNING".equals(state)) {
                health.down();
            }
            health.withDetail(name, state);
        });
        return health.build();
    }
}

package de.pilotregistry.query;

import de.pilotregistry.query.support.ProjectionFailures;
import de.pilotregistry.query.support.QueryNodes;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/** Projections run in pooled streaming processors; a failing event stops its segment, it is never skipped. */
@Configuration(proxyBeanMethods = false)
public class QuerySideConfiguration {

    /** Processing group of the pilots projection (pilots, population, draw, caseloads). */
    public static final String PILOTS = "pilots";
    /** Processing group of the cases projection (every case fact, bitemporal). */
    public static final String CASES = "cases";

    @Autowired
    void configure(EventProcessingConfigurer configurer, ProjectionFailures failures, QueryNodes nodes) {
        // Axon's default logs a failing handler and moves on: that would skip the event for good. Ours record the
        // failure (health, metric, admin view) and propagate: the segment stops there and retries.
        configurer.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        configurer.registerErrorHandler(PILOTS, c -> failures.handlerFor(PILOTS));
        configurer.registerErrorHandler(CASES, c -> failures.handlerFor(CASES));
        configurer.registerPooledStreamingEventProcessor(PILOTS, c -> new PromptEventSource(c.eventStore()),
                (c, builder) -> builder.batchSize(500).initialSegmentCount(1).maxSegmentProvider(nodes::maxSegments));
        configurer.registerPooledStreamingEventProcessor(CASES, c -> new PromptEventSource(c.eventStore()),
                (c, builder) -> builder.batchSize(1000).initialSegmentCount(2).maxSegmentProvider(nodes::maxSegments));
    }
}

package de.pilotregistry.query.feed.amqp;

import de.pilotregistry.query.PromptEventSource;
import de.pilotregistry.query.support.ProjectionFailures;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;

/**
 * The AMQP publisher's own processor: one segment (global order on the exchange), its own token (it follows the
 * store at the broker's pace, apart from the projections), batches of 100 (one confirm wait each). A failing batch is
 * recorded and retried, never skipped.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "registry.amqp.enabled", havingValue = "true")
class AmqpConfiguration {

    @Autowired
    void configure(EventProcessingConfigurer configurer, ProjectionFailures failures) {
        configurer.registerErrorHandler(AmqpPublisher.PROCESSOR, c -> failures.handlerFor(AmqpPublisher.PROCESSOR));
        configurer.registerPooledStreamingEventProcessor(AmqpPublisher.PROCESSOR,
                c -> PromptEventSource.of(c.eventStore()),
                (c, builder) -> builder.batchSize(100).initialSegmentCount(1).maxClaimedSegments(1));
    }
}

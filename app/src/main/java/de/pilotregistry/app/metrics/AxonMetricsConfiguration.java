package de.pilotregistry.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Axon's metrics, with meters registered once per component. Axon's own counting and timer monitors look up
 * (and for timers, rebuild) their meters for every single message; on a 50,000-fact import and the projections
 * that follow it that was a fifth of all CPU (JFR). Command and query bus keep Axon's monitors; the event bus
 * (the event store) and the event processors get the same figures from meters built up front, plus Axon's
 * processor latency gauge.
 */
@Configuration(proxyBeanMethods = false)
class AxonMetricsConfiguration {

    @Bean
    GlobalMetricRegistry globalMetricRegistry(MeterRegistry meters) {
        return new GlobalMetricRegistry(meters) {
            @Override
            public MessageMonitor<? super EventMessage<?>> registerEventBus(String eventBusName) {
                return new CountingTimer("axon.eventbus", "eventBus", eventBusName, meters);
            }

            @Override
            public MessageMonitor<? super EventMessage<?>> registerEventProcessor(String processorName) {
                return new MultiMessageMonitor<>(List.of(
                        new CountingTimer("axon.eventprocessor", "processorName", processorName, meters),
                        EventProcessorLatencyMonitor.builder().meterNamePrefix(processorName)
                                .meterRegistry(meters).build()));
            }
        };
    }

    /** Messages ingested, succeeded, failed, ignored and their processing time, for one component. */
    static final class CountingTimer implements MessageMonitor<EventMessage<?>> {

        private final Counter ingested;
        private final Counter succeeded;
        private final Counter failed;
        private final Counter ignored;
        private final Timer processing;

        CountingTimer(String prefix, String tag, String component, MeterRegistry meters) {
            ingested = Counter.builder(prefix + ".messages.ingested").tag(tag, component).register(meters);
            succeeded = Counter.builder(prefix + ".messages.succeeded").tag(tag, component).register(meters);
            failed = Counter.builder(prefix + ".messages.failed").tag(tag, component).register(meters);
            ignored = Counter.builder(prefix + ".messages.ignored").tag(tag, component).register(meters);
            processing = Timer.builder(prefix + ".processing.time").tag(tag, component).register(meters);
        }

        @Override
        public MonitorCallback onMessageIngested(EventMessage<?> message) {
            ingested.increment();
            long start = System.nanoTime();
            return new MonitorCallback() {
                @Override
                public void reportSuccess() {
                    succeeded.increment();
                    processing.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                }

                @Override
                public void reportFailure(Throwable cause) {
                    failed.increment();
                    processing.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                }

                @Override
                public void reportIgnored() {
                    ignored.increment();
                }
            };
        }
    }
}

package de.pilotregistry.app;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneId;

@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    public static final String RECORDED_BY = "recordedBy";

    /** Jobcenter dates are German dates: "today" ends at midnight in Berlin, not in UTC. */
    @Bean
    Clock clock() {
        return Clock.system(ZoneId.of("Europe/Berlin"));
    }

    /** Every event carries the user whose command caused it, for the audit trail. */
    @Bean
    CorrelationDataProvider recordedByProvider() {
        return new SimpleCorrelationDataProvider(RECORDED_BY);
    }
}

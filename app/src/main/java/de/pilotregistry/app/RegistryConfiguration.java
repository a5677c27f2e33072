package de.pilotregistry.app;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneId;

@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    /** Jobcenter dates are German dates: "today" ends at midnight in Berlin, not in UTC. */
    @Bean
    Clock clock() {
        return Clock.system(ZoneId.of("Europe/Berlin"));
    }
}

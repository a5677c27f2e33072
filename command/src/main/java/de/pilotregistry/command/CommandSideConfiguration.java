package de.pilotregistry.command;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the command side: aggregate cache and the in-transaction lookups it keeps. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /** Processing group of the command side's own lookup tables, updated in the writer's transaction. */
    public static final String LOOKUPS = "command-lookups";

    /** Spares replaying a pilot's events (its assignments; older registries also kept its population there) per command. */
    @Bean
    Cache pilotCache() {
        return new WeakReferenceCache();
    }

    @Autowired
    void lookupsInTheWritersTransaction(EventProcessingConfigurer configurer) {
        // Subscribing: the lookups change in the same transaction as the events, and a failure there
        // rolls the whole command or fact batch back instead of being logged and skipped.
        configurer.registerSubscribingEventProcessor(LOOKUPS)
                .registerListenerInvocationErrorHandler(LOOKUPS, configuration -> PropagatingErrorHandler.instance())
                .registerErrorHandler(LOOKUPS, configuration -> PropagatingErrorHandler.instance());
    }
}

package de.pilotregistry.command;

import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.shared.casefile.RecordCaseFact;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wiring of the command side: aggregate cache and the in-transaction lookups it keeps. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /** Processing group of the command side's own lookup tables, updated in the writer's transaction. */
    public static final String LOOKUPS = "command-lookups";

    /** A pilot's population is held in memory until the draw; the cache spares reloading it per command. */
    @Bean
    Cache pilotCache() {
        return new WeakReferenceCache();
    }

    /**
     * A case fact is decided against the case as stored, then appended. The bulk import decides many cases
     * under the append lock; taking the same lock before a single fact's case is loaded keeps the two from
     * deciding on a state the other is about to change (they queue instead of failing on the sequence).
     */
    @Autowired
    void caseFactsDecidedUnderTheAppendLock(CommandBus commandBus, JdbcTemplate jdbc) {
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof RecordCaseFact) {
                AppendLock.acquire(jdbc); // in the command's transaction, released at its commit
            }
            return chain.proceed();
        });
    }

    @Autowired
    void lookupsInTheWritersTransaction(EventProcessingConfigurer configurer) {
        // Subscribing: the lookups change in the same transaction as the events, and a failure there
        // rolls the whole command back instead of being logged and skipped.
        configurer.registerSubscribingEventProcessor(LOOKUPS)
                .registerListenerInvocationErrorHandler(LOOKUPS, configuration -> PropagatingErrorHandler.instance())
                .registerErrorHandler(LOOKUPS, configuration -> PropagatingErrorHandler.instance());
    }
}

package de.pilotregistry.app.database;

import de.pilotregistry.command.AppendLock;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.sql.Statement;

/** Axon's JDBC event store on PostgreSQL (BYTEA payloads, default table names from the Flyway scripts). */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /**
     * Every append first takes one transaction-scoped advisory lock. Concurrent writers then get their
     * globalIndex values in commit order, so a tracking processor never reads past an index that a slower
     * transaction fills in later: the gap that makes Axon projections skip events cannot arise.
     * Only rolled-back appends leave gaps, and those stay empty forever. The lock: {@link AppendLock}.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .appendEvents((connection, schema, dataType, events, serializer, timestampWriter) -> {
                    try (Statement lock = connection.createStatement()) {
                        lock.execute("select pg_advisory_xact_lock(" + AppendLock.KEY + ")");
                    }
                    return JdbcEventStorageEngineStatements.appendEvents(connection, schema, dataType, events,
                            serializer, timestampWriter);
                })
                .build();
    }
}

package de.pilotregistry.app.database;

import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.platform.AppendedPosition;
import de.pilotregistry.platform.EventOrigin;
import de.pilotregistry.platform.RequestId;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/** Axon's JDBC event store on PostgreSQL (BYTEA payloads, default table names from the Flyway scripts). */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /**
     * The one append path of the registry (aggregate commands and bulk imports alike). Every append first takes
     * one transaction-scoped advisory lock; then:
     * <ul>
     * <li>concurrent writers get their global positions in commit order, so a tracking processor never reads past
     * a position that a slower transaction fills in later (only rolled-back appends leave gaps, which stay empty);
     * <li>the record time of all events of the transaction is assigned here, from the database's clock (one clock
     * for every node), at its first append (later appends of the same transaction reuse it), and is later than every
     * record time already stored: record time never decreases in global
     * order, and whatever commits after a reader saw position N has a record time after N's;
     * <li>the position of the last event is handed to the request ({@link AppendedPosition});
     * <li>every event gets the metadata of its origin ({@link #origin()}): who recorded it and in which role, and the
     * id of the HTTP request that caused it; what a message already carries is kept.
     * </ul>
     */
    /**
     * ISO 8601 in UTC with exactly six fraction digits: the read models' {@code timestamptz} holds microseconds, so
     * a record time is stored once and compared the same everywhere (Axon's own format keeps milliseconds only).
     */
    static final DateTimeFormatter RECORD_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z').toFormatter().withZone(ZoneOffset.UTC);

    /** Transaction-local setting (PostgreSQL) that holds the record time once the transaction has appended. */
    static final String RECORD_TIME_OF_TRANSACTION = "registry.record_time";

    /**
     * A large append goes to the database in JDBC batches of this size, so only one chunk's serialized payloads and
     * batch parameters are held at a time (imports already hand the store 2,000 events at a time).
     */
    static final int INSERT_CHUNK = 2000;

    /**
     * Events in their published form (ISO 8601 dates, published type names); replaces Axon's auto-configured event
     * serializer, which the engine below, the processors and the audit readers all take by this qualifier.
     */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return PublishedEventSerializer.create();
    }

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
                    Instant recordedAt = lockAndTakeRecordTime(connection);
                    MetaData origin = origin();
                    TimestampWriter recordTime = (statement, index, ignoredCreationTime) ->
                            statement.setString(index, RECORD_TIME.format(recordedAt));
                    int from = 0;
                    for (; events.size() - from > INSERT_CHUNK; from += INSERT_CHUNK) {
                        try (PreparedStatement chunk = JdbcEventStorageEngineStatements.appendEvents(connection, schema,
                                dataType, uncached(events.subList(from, from + INSERT_CHUNK), origin), serializer,
                                recordTime)) {
                            chunk.executeBatch();
                        }
                    }
                    PreparedStatement last = JdbcEventStorageEngineStatements.appendEvents(connection, schema,
                            dataType, uncached(events.subList(from, events.size()), origin), serializer, recordTime);
                    return reportingLastPosition(last, connection);
                })
                .build();
    }

    /**
     * Axon caches a message's serialized form in the message, which the unit of work keeps until it ends: serialized
     * through a copy, the bytes are garbage once their chunk is written.
     */
    private static List<EventMessage<?>> uncached(List<? extends EventMessage<?>> events, MetaData origin) {
        List<EventMessage<?>> copies = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            MetaData metaData = origin.mergedWith(event.getMetaData());
            copies.add(event instanceof DomainEventMessage<?> domain
                    ? new GenericDomainEventMessage<>(domain.getType(), domain.getAggregateIdentifier(),
                    domain.getSequenceNumber(), domain.getPayload(), metaData, domain.getIdentifier(),
                    domain.getTimestamp())
                    : event.withMetaData(metaData));
        }
        return copies;
    }

    /**
     * Who causes this append, from the request being served on this thread (appends run on it): the signed-in user,
     * their roles (comma-separated, without the ROLE_ prefix; not authorities such as FACTOR_PASSWORD) and the request id. Empty outside a request.
     */
    static MetaData origin() {
        Map<String, Object> origin = new HashMap<>();
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user != null && user.isAuthenticated()) {
            origin.put(EventOrigin.RECORDED_BY, user.getName());
            origin.put(EventOrigin.RECORDED_BY_ROLE, EventOrigin.roles(user.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).toList()));
        }
        RequestId.ofThisRequest().ifPresent(id -> origin.put(EventOrigin.REQUEST_ID, id));
        return MetaData.from(origin);
    }

    /**
     * The record time of the current transaction: taken at its first append, then kept in a transaction-local
     * setting, so a transaction that appends in several calls (a fact file, chunk by chunk) records all its events at
     * one time, as one append would.
     */
    static Instant lockAndTakeRecordTime(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_xact_lock(" + AppendLock.KEY + ")");
            Instant recordedAt;
            try (ResultSet row = statement.executeQuery("select clock_timestamp(), "
                    + "(select timestamp from domainevententry order by globalindex desc limit 1), "
                    + "current_setting('" + RECORD_TIME_OF_TRANSACTION + "', true)")) {
                row.next();
                String taken = row.getString(3); // null before the first use in the session, '' after a transaction
                if (taken != null && !taken.isEmpty()) {
                    return Instant.parse(taken);
                }
                Instant now = row.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.MICROS);
                String last = row.getString(2);
                Instant after = last == null ? now
                        : Instant.parse(last).truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS);
                recordedAt = now.isAfter(after) ? now : after;
            }
            statement.execute("select set_config('" + RECORD_TIME_OF_TRANSACTION + "', '"
                    + RECORD_TIME.format(recordedAt) + "', true)");
            return recordedAt;
        }
    }

    /**
     * Axon executes the batch; right after it, still under the lock and in the same transaction, the position of
     * the last event appended is known and handed to the request.
     */
    private static PreparedStatement reportingLastPosition(PreparedStatement insert, Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(insert, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("executeBatch")) {
                try (Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("select currval('domainevententry_globalindex_seq')")) {
                    row.next();
                    AppendedPosition.record(row.getLong(1));
                }
            }
            return result;
        };
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, handler);
    }
}

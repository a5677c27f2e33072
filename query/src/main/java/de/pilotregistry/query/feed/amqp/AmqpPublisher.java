package de.pilotregistry.query.feed.amqp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import de.pilotregistry.query.feed.EventFeed;
import de.pilotregistry.query.feed.FeedSubscriptions;
import de.pilotregistry.query.feed.Subscription;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every event, in global order, as a structured CloudEvent to the durable topic exchange
 * {@code registry.amqp.exchange} (default {@value #DEFAULT_EXCHANGE}; routing key = published type name, e.g.
 * {@code de.pilotregistry.casefile.JobStarted}).
 * A batch of the processor is published on one channel in confirm mode, and the broker's confirms are awaited before
 * the batch's unit of work commits, and so before the processor's token moves: an event the broker did not take is
 * published again on the retry (at least once; consumers deduplicate by the CloudEvent {@code id}). It publishes
 * as one subscription, {@code registry.amqp.subscription} (a user name under {@code registry.feed.subscriptions}),
 * by default every event without sealed fields and free text, {@code GroupsDrawn} blinded.
 */
@Component
@ConditionalOnProperty(name = "registry.amqp.enabled", havingValue = "true")
@ProcessingGroup(AmqpPublisher.PROCESSOR)
public class AmqpPublisher {

    public static final String PROCESSOR = "amqp-publisher";
    public static final String DEFAULT_EXCHANGE = "pilot-registry.events";
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    private static final String BATCH = AmqpPublisher.class.getName() + ".batch";
    private static final ObjectMapper CLOUD_EVENTS = new ObjectMapper()
            .registerModule(JsonFormat.getCloudEventJacksonModule());

    private final ConnectionFactory connections;
    private final EventFeed feed;
    private final Duration confirmTimeout;
    private final Subscription subscription;
    private final String exchange;

    AmqpPublisher(ConnectionFactory connections, EventFeed feed, FeedSubscriptions subscriptions,
                  @Value("${registry.amqp.confirm-timeout:PT30S}") Duration confirmTimeout,
                  @Value("${registry.amqp.subscription:}") String subscription,
                  @Value("${registry.amqp.exchange:" + DEFAULT_EXCHANGE + "}") String exchange) {
        if (exchange.isBlank()) {
            throw new IllegalArgumentException("registry.amqp.exchange is empty: name the exchange to publish to "
                    + "(default " + DEFAULT_EXCHANGE + ")");
        }
        this.exchange = exchange;
        this.connections = connections;
        this.feed = feed;
        this.confirmTimeout = confirmTimeout;
        if (!subscription.isBlank() && !subscriptions.configured(subscription)) {
            throw new IllegalArgumentException("registry.amqp.subscription=" + subscription + " names no subscription: "
                    + "configure registry.feed.subscriptions." + subscription + ".* or leave it out (every event, "
                    + "blinded, without free text)");
        }
        this.subscription = subscriptions.named(subscription);
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message, TrackingToken token) throws IOException {
        long position = token.position().orElseThrow(() -> new IllegalStateException("no position in " + token));
        EventFeed.Published published = feed.published(position, message.getIdentifier(), message.getTimestamp(),
                payload);
        if (subscription.limitsPilots()) {
            awaitSafe(position);
        }
        if (feed.admitted(List.of(published), subscription, position).isEmpty()) {
            return;
        }
        CloudEvent event = feed.toCloudEvent(published, subscription);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .deliveryMode(2) // persistent
                .messageId(message.getIdentifier())
                .type(event.getType())
                .timestamp(java.util.Date.from(message.getTimestamp()))
                .build();
        batch().basicPublish(exchange, event.getType(), properties, CLOUD_EVENTS.writeValueAsBytes(event));
    }

    /**
     * The pilots of a person are read from the events up to the event's position, which must be safe (nothing below it
     * can still commit); the processor may see an event just before the feed's safe position has passed it.
     */
    private void awaitSafe(long position) {
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        while (feed.safePosition() < position) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("position " + position + " did not become safe; the batch is retried");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for position " + position, e);
            }
        }
    }

    /** The channel of the current batch: opened at its first event, confirms awaited before it commits. */
    private Channel batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Channel channel = connections.createConnection().createChannel(false);
            try {
                channel.confirmSelect();
                channel.exchangeDeclare(exchange, "topic", true);
            } catch (IOException e) {
                throw new AmqpUnavailable("could not open a confirming channel to the broker", e);
            }
            unitOfWork.onPrepareCommit(u -> {
                try {
                    channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
                } catch (IOException | InterruptedException | TimeoutException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    throw new AmqpUnavailable("the broker did not confirm the batch", e);
                }
            });
            unitOfWork.onCleanup(u -> {
                try {
                    channel.close();
                } catch (IOException | TimeoutException | RuntimeException ignored) {
                    // a broken channel is discarded by the connection factory
                }
            });
            return channel;
        });
    }

    /** The broker did not take the batch: the unit of work rolls back, the token stays, the batch is retried. */
    static final class AmqpUnavailable extends RuntimeException {
        AmqpUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

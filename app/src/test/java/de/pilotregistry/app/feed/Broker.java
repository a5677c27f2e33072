package de.pilotregistry.app.feed;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.fail;

/**
 * The RabbitMQ broker the tests publish to: 127.0.0.1:5672, guest/guest, as on our machines and in CI. Without one
 * the broker tests are skipped, except with {@code CI=true}, where they fail: CI must prove the broker path.
 */
final class Broker {

    private static final String HOST = "127.0.0.1";
    private static final int PORT = 5672;

    private Broker() {
    }

    /** Skips the test without a broker (fails it on CI). */
    static void require() {
        if (!answers()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("no RabbitMQ at " + HOST + ":" + PORT + ", which CI must provide");
            }
            Assumptions.abort("no RabbitMQ at " + HOST + ":" + PORT);
        }
    }

    static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Connection connect() throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        return factory.newConnection();
    }

    /**
     * An exchange of the test's own, given to the registry with {@link #argument()} ({@code registry.amqp.exchange}),
     * so that no other registry publishing to the same broker reaches the test's queues; deleted at close.
     */
    static final class TestExchange implements AutoCloseable {

        private final String name = "pilot-registry.test." + UUID.randomUUID();
        private final Connection connection;

        TestExchange(Connection connection) throws IOException, TimeoutException {
            this.connection = connection;
            try (Channel channel = connection.createChannel()) {
                channel.exchangeDeclare(name, "topic", true); // as the registry declares it
            }
        }

        String argument() {
            return "--registry.amqp.exchange=" + name;
        }

        /** A fresh queue (exclusive, deleted with the connection) bound to this exchange. */
        String freshQueue(Channel channel, String bindingKey) throws IOException {
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, name, bindingKey);
            return queue;
        }

        @Override
        public void close() throws IOException, TimeoutException {
            try (Channel channel = connection.createChannel()) {
                channel.exchangeDelete(name);
            }
        }
    }
}

package dev.playcount.gateway.testing;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.playcount.gateway.embedded.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * The broker tests talk to: the RabbitMQ on {@code AMQP_URI} (or on 127.0.0.1:5672) when one
 * answers, the embedded Qpid broker otherwise; or either by {@link Kind}. Each test uses its own
 * queue and deletes it.
 */
public final class TestBroker implements AutoCloseable {

    private static final String LOCAL_RABBITMQ = "amqp://guest:guest@127.0.0.1:5672";

    private final String uri;
    private final EmbeddedBroker embedded;

    private TestBroker(String uri, EmbeddedBroker embedded) {
        this.uri = uri;
        this.embedded = embedded;
    }

    /** The brokers a test can ask for by name, to run the same case against each. */
    public enum Kind {
        /** The RabbitMQ on {@code AMQP_URI} or 127.0.0.1:5672; the test is skipped without it. */
        RABBITMQ,
        /** The embedded Qpid broker of the default mode, started for the test. */
        QPID;

        public TestBroker start(Path workDir) {
            return this == RABBITMQ ? rabbitMq() : embedded(workDir);
        }
    }

    public static TestBroker start(Path workDir) {
        String candidate = rabbitMqUri();
        if (answers(candidate)) {
            return new TestBroker(candidate, null);
        }
        return embedded(workDir);
    }

    /** The real RabbitMQ; aborts the test (skipped, not failed) when none answers. */
    public static TestBroker rabbitMq() {
        String candidate = rabbitMqUri();
        Assumptions.assumeTrue(
                answers(candidate), "no RabbitMQ answers on " + candidate + ": test skipped");
        return new TestBroker(candidate, null);
    }

    /** An embedded Qpid broker of its own, whatever else runs. */
    public static TestBroker embedded(Path workDir) {
        EmbeddedBroker broker = EmbeddedBroker.start(workDir, 0);
        return new TestBroker(broker.amqpUri(), broker);
    }

    private static String rabbitMqUri() {
        String configured = System.getenv("AMQP_URI");
        return configured == null || configured.isBlank() ? LOCAL_RABBITMQ : configured;
    }

    /** A view of a broker someone else runs. */
    public static TestBroker of(String uri) {
        return new TestBroker(uri, null);
    }

    static boolean answers(String uri) {
        ConnectionFactory factory = factory(uri);
        try (Connection ignored = factory.newConnection()) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public String uri() {
        return uri;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /**
     * Takes up to {@code max} messages from the queue, waiting until one arrives or time runs out.
     */
    public List<String> take(String queue, int max, Duration wait) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection connection = factory(uri).newConnection();
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            // done at the first empty answer once something came, or at max
            await().atMost(wait)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> {
                                GetResponse response = channel.basicGet(queue, false);
                                if (response == null) {
                                    return !bodies.isEmpty();
                                }
                                bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
                                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                                return bodies.size() >= max;
                            });
        } catch (ConditionTimeoutException e) {
            // nothing arrived in time: the caller asserts on what it got
        }
        return bodies;
    }

    /** Messages ready in the queue (not those delivered and not yet acknowledged). */
    public long ready(String queue) throws Exception {
        try (Connection connection = factory(uri).newConnection();
                Channel channel = connection.createChannel()) {
            return channel.queueDeclare(queue, true, false, false, null).getMessageCount();
        }
    }

    /**
     * Deletes the queue and its dead-letter queue {@code <queue>.dead}, which a launcher declares
     * beside it (left behind, these piled up on the shared RabbitMQ).
     */
    public void deleteQueue(String queue) {
        try (Connection connection = factory(uri).newConnection()) {
            for (String name : List.of(queue, queue + ".dead")) {
                // a channel each: a broker may close the channel that deleted a missing queue
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(name);
                } catch (Exception e) {
                    // not there
                }
            }
        } catch (Exception e) {
            // the broker is gone already
        }
    }

    static ConnectionFactory factory(String uri) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        factory.setConnectionTimeout(1_000);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}

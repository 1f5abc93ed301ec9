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

/**
 * The broker tests talk to: the RabbitMQ on {@code AMQP_URI} (or on 127.0.0.1:5672) when one
 * answers, the embedded Qpid broker otherwise. Each test uses its own queue and deletes it.
 */
public final class TestBroker implements AutoCloseable {

    private static final String LOCAL_RABBITMQ = "amqp://guest:guest@127.0.0.1:5672";

    private final String uri;
    private final EmbeddedBroker embedded;

    private TestBroker(String uri, EmbeddedBroker embedded) {
        this.uri = uri;
        this.embedded = embedded;
    }

    public static TestBroker start(Path workDir) {
        String configured = System.getenv("AMQP_URI");
        String candidate = configured == null || configured.isBlank() ? LOCAL_RABBITMQ : configured;
        if (answers(candidate)) {
            return new TestBroker(candidate, null);
        }
        EmbeddedBroker broker = EmbeddedBroker.start(workDir, 0);
        return new TestBroker(broker.amqpUri(), broker);
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

    public void deleteQueue(String queue) {
        try (Connection connection = factory(uri).newConnection();
                Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
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

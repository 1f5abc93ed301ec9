package dev.playcount.gateway.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerITCase {

    private static final String QUEUE = "playcount.jobs";

    @Test
    void confirmsAcksAndComesBackOnTheSamePort(@TempDir Path workDir) throws Exception {
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start(workDir, 0)) {
            port = broker.port();
            assertThat(port).isPositive();
            assertThat(broker.amqpUri()).isEqualTo("amqp://guest:guest@127.0.0.1:" + port);
            ConnectionFactory factory = factory(broker.amqpUri());
            // the broker must answer the client's default virtual host
            assertThat(factory.getVirtualHost()).isEqualTo("/");
            try (Connection connection = factory.newConnection();
                    Channel channel = connection.createChannel()) {
                channel.queueDeclare(QUEUE, true, false, false, null);
                channel.confirmSelect();
                for (String body : List.of("one", "two", "three")) {
                    channel.basicPublish(
                            "",
                            QUEUE,
                            MessageProperties.PERSISTENT_TEXT_PLAIN,
                            body.getBytes(UTF_8));
                }
                channel.waitForConfirmsOrDie(5000);

                channel.basicQos(1);
                List<String> received = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    GetResponse response = channel.basicGet(QUEUE, false);
                    assertThat(response).isNotNull();
                    received.add(new String(response.getBody(), UTF_8));
                    channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                }
                assertThat(received).containsExactly("one", "two", "three");
                assertThat(channel.basicGet(QUEUE, false)).isNull();
            }
        }

        ConnectionFactory outage = factory("amqp://guest:guest@127.0.0.1:" + port);
        assertThatThrownBy(outage::newConnection).isInstanceOf(IOException.class);

        try (EmbeddedBroker broker = EmbeddedBroker.start(workDir, port);
                Connection connection = factory(broker.amqpUri()).newConnection()) {
            assertThat(broker.port()).isEqualTo(port);
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void failsLoudlyWhenThePortIsTaken(@TempDir Path workDir) {
        try (EmbeddedBroker broker = EmbeddedBroker.start(workDir.resolve("a"), 0)) {
            assertThatThrownBy(() -> EmbeddedBroker.start(workDir.resolve("b"), broker.port()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeIsIdempotent(@TempDir Path workDir) throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(workDir, 0);
        int port = broker.port();

        broker.close();
        broker.close();

        // the port is released: nothing answers there, and a new broker can take it
        assertThatThrownBy(factory(broker.amqpUri())::newConnection)
                .isInstanceOf(IOException.class);
        try (EmbeddedBroker again = EmbeddedBroker.start(workDir, port);
                Connection connection = factory(again.amqpUri()).newConnection()) {
            assertThat(connection.isOpen()).isTrue();
        }
    }

    private static ConnectionFactory factory(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setConnectionTimeout(5000);
        // a failed test should not leave reconnecting threads behind
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }
}

package dev.playcount.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import dev.playcount.gateway.task.JobHandler;
import dev.playcount.gateway.task.JobRequest;
import dev.playcount.gateway.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Poison messages on both real brokers, the local RabbitMQ and the embedded Qpid: what is not a job
 * request is dead-lettered at once, and a request that always fails before its task is claimed is
 * delivered {@value RabbitJobConsumer#MAX_ATTEMPTS} times, then dead-lettered for good.
 */
class PoisonMessageITCase {

    private static final String A = "0f8fad5b-d9cb-469f-a165-70867728950e";

    /** Longer than the pause before a failed request is given back, so a redelivery shows. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    @TempDir Path dir;
    private TestBroker broker;
    private final String queue = "playcount.test." + UUID.randomUUID();
    private final AtomicInteger deliveries = new AtomicInteger();

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.deleteQueue(queue);
            broker.close();
        }
    }

    private RabbitJobConsumer consumer(TestBroker.Kind kind, JobHandler handler) {
        broker = kind.start(dir.resolve("broker"));
        RabbitJobConsumer consumer = new RabbitJobConsumer(broker.uri(), queue, 1, handler);
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(consumer::consuming);
        return consumer;
    }

    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void whatIsNotAJobRequestEndsInTheDeadLetterQueueAtOnce(TestBroker.Kind kind) throws Exception {
        try (RabbitJobConsumer consumer =
                consumer(kind, (id, claimed) -> deliveries.incrementAndGet())) {
            publishRaw("{\"task\":42}");

            // at once: no delivery is retried first, each retry would wait 2 s
            assertThat(broker.take(queue + ".dead", 1, Duration.ofSeconds(2)))
                    .containsExactly("{\"task\":42}");
        }
        assertThat(deliveries).hasValue(0);
        assertThat(broker.ready(queue)).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void aRequestThatAlwaysFailsIsDeliveredFiveTimesThenStaysDeadLettered(TestBroker.Kind kind)
            throws Exception {
        JobHandler alwaysFails =
                (id, claimed) -> {
                    deliveries.incrementAndGet();
                    throw new IllegalStateException("the task store is away");
                };
        try (RabbitJobConsumer consumer = consumer(kind, alwaysFails)) {
            publish(A);

            await().atMost(Duration.ofSeconds(60)).until(() -> broker.ready(queue + ".dead") == 1);
            assertThat(deliveries).hasValue(RabbitJobConsumer.MAX_ATTEMPTS);
            // not delivered again: the count holds for longer than a requeue pause
            await().during(QUIET)
                    .atMost(QUIET.plusSeconds(5))
                    .until(() -> deliveries.get() == RabbitJobConsumer.MAX_ATTEMPTS);
        }
        // with the consumer gone, an unacknowledged delivery would be ready again: there is none
        assertThat(broker.ready(queue)).isZero();
        assertThat(broker.take(queue + ".dead", 2, Duration.ofSeconds(10)))
                .isEqualTo(
                        List.of(
                                new String(
                                        JobRequestJson.encode(new JobRequest(A)),
                                        StandardCharsets.UTF_8)));
    }

    private void publish(String taskId) {
        try (RabbitJobQueue jobs = new RabbitJobQueue(broker.uri(), queue)) {
            jobs.publish(new JobRequest(taskId));
        }
    }

    private void publishRaw(String body) throws Exception {
        try (Connection connection = BrokerConnections.factory(broker.uri()).newConnection();
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            channel.basicPublish(
                    "",
                    queue,
                    MessageProperties.PERSISTENT_BASIC,
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }
}

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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consumer's acks, requeues and dead letters reach a real broker on the right channel. */
class RabbitJobConsumerITCase {

    private static final String A = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @TempDir Path dir;
    private TestBroker broker;
    private String queue;
    private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir.resolve("broker"));
        queue = "playcount.test." + UUID.randomUUID();
    }

    @AfterEach
    void stop() {
        broker.deleteQueue(queue);
        broker.close();
    }

    private RabbitJobConsumer consumer(JobHandler handler) {
        RabbitJobConsumer consumer = new RabbitJobConsumer(broker.uri(), queue, 1, handler);
        consumer.start();
        return consumer;
    }

    private void publish(String... taskIds) {
        try (RabbitJobQueue jobs = new RabbitJobQueue(broker.uri(), queue)) {
            for (String id : taskIds) {
                jobs.publish(new JobRequest(id));
            }
        }
    }

    private String nextHandled() throws InterruptedException {
        return handled.poll(30, TimeUnit.SECONDS);
    }

    @Test
    void aRequestIsAcknowledgedOnceHandled() throws Exception {
        try (RabbitJobConsumer consumer = consumer((id, claimed) -> handled.add(id))) {
            publish(A, B);

            // one request at a time: the second comes only once the first was acknowledged
            assertThat(nextHandled()).isEqualTo(A);
            assertThat(nextHandled()).isEqualTo(B);
        }
    }

    @Test
    void aRequestWhoseHandlerFailedComesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        JobHandler failsOnce =
                (id, claimed) -> {
                    handled.add(id);
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("the task store is away");
                    }
                };
        try (RabbitJobConsumer consumer = consumer(failsOnce)) {
            publish(A);

            assertThat(nextHandled()).isEqualTo(A);
            assertThat(nextHandled()).isEqualTo(A);
        }
    }

    @Test
    void whatIsNotAJobRequestGoesToTheDeadLetterQueue() throws Exception {
        try (RabbitJobConsumer consumer = consumer((id, claimed) -> handled.add(id))) {
            try (Connection connection = BrokerConnections.factory(broker.uri()).newConnection();
                    Channel channel = connection.createChannel()) {
                channel.queueDeclare(queue, true, false, false, null);
                channel.basicPublish(
                        "",
                        queue,
                        MessageProperties.PERSISTENT_BASIC,
                        "not a job".getBytes(StandardCharsets.UTF_8));
            }
            publish(A);

            assertThat(nextHandled()).isEqualTo(A);
            assertThat(broker.take(queue + ".dead", 1, Duration.ofSeconds(30)))
                    .containsExactly("not a job");
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void aConsumerTheBrokerCancelledConsumesAgainAndTheNextRequestIsHandled() throws Exception {
        try (RabbitJobConsumer consumer = consumer((id, claimed) -> handled.add(id))) {
            await().atMost(Duration.ofSeconds(30)).until(consumer::consuming);

            // deleting its queue makes the broker cancel the consumer (basic.cancel)
            broker.deleteQueue(queue);
            await().atMost(Duration.ofSeconds(30)).until(consumer::consuming);
            publish(A);

            assertThat(nextHandled()).isEqualTo(A);
        }
    }
}

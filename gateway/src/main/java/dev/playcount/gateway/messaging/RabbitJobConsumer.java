package dev.playcount.gateway.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import dev.playcount.gateway.concurrent.NamedThreads;
import dev.playcount.gateway.task.JobHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes job requests from the durable queue with manual acknowledgements and at most {@code
 * concurrency} unacknowledged at once, and hands each to a {@link JobDispatcher}, which decides
 * when to acknowledge, requeue or dead-letter it (to the {@code <queue>.dead} queue). Connects
 * again whenever the connection is lost.
 */
public final class RabbitJobConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitJobConsumer.class);
    private static final long RECONNECT_MS = 2_000;

    private final ConnectionFactory factory;
    private final String queue;
    private final int concurrency;
    private final ExecutorService workers;
    private final JobDispatcher dispatcher;
    private final Thread connector;
    private volatile boolean closed;
    private volatile Connection connection;

    public RabbitJobConsumer(String uri, String queue, int concurrency, JobHandler handler) {
        this.factory = BrokerConnections.factory(uri);
        this.queue = queue;
        this.concurrency = concurrency;
        this.workers =
                Executors.newFixedThreadPool(concurrency, NamedThreads.daemon("launcher-job"));
        this.dispatcher = new JobDispatcher(handler, workers, Duration.ofMillis(RECONNECT_MS));
        this.connector = NamedThreads.daemon("launcher-consumer").newThread(this::keepConsuming);
    }

    public void start() {
        connector.start();
    }

    /** Consumes until closed, connecting again whenever the connection is lost. */
    private void keepConsuming() {
        while (!closed) {
            try {
                Connection c = factory.newConnection("playcount-launcher");
                connection = c;
                Channel channel = c.createChannel();
                channel.queueDeclare(queue, true, false, false, null);
                channel.queueDeclare(queue + ".dead", true, false, false, null);
                channel.basicQos(concurrency);
                channel.basicConsume(
                        queue, false, (tag, delivery) -> dispatch(channel, delivery), tag -> {});
                LOG.info(
                        "launcher consuming job requests from {} ({} at once)", queue, concurrency);
                while (!closed && c.isOpen()) {
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.debug("broker not reachable: {}", e.toString());
            }
            if (!closed) {
                try {
                    Thread.sleep(RECONNECT_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void dispatch(Channel channel, Delivery delivery) throws IOException {
        dispatcher.dispatch(new RabbitDelivery(channel, delivery, queue + ".dead"));
    }

    /** One delivery on its channel: acks, requeues and dead-letters go back on that channel. */
    private record RabbitDelivery(Channel channel, Delivery delivery, String deadLetterQueue)
            implements JobDispatcher.Delivery {

        @Override
        public byte[] body() {
            return delivery.getBody();
        }

        @Override
        public void ack() throws IOException {
            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }

        @Override
        public void requeue() throws IOException {
            channel.basicNack(delivery.getEnvelope().getDeliveryTag(), false, true);
        }

        @Override
        public void deadLetter() throws IOException {
            channel.basicPublish(
                    "", deadLetterQueue, MessageProperties.PERSISTENT_BASIC, delivery.getBody());
            ack();
        }
    }

    /** Stops taking requests; jobs being followed stop too, their requests stay unacknowledged. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        connector.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(1_000);
            } catch (RuntimeException e) {
                // already closed
            }
        }
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}

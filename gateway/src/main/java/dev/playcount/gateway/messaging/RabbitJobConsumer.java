package dev.playcount.gateway.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import dev.playcount.core.concurrent.NamedThreads;
import dev.playcount.gateway.task.JobHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes job requests from the durable queue with manual acknowledgements and at most {@code
 * concurrency} unacknowledged at once, and hands each to a {@link JobDispatcher}, which decides
 * when to acknowledge, requeue or dead-letter it (to the {@code <queue>.dead} queue). Consumes
 * again, after a growing pause, whenever the connection is lost, the broker closes the channel or
 * cancels the consumer (a deleted queue, a consumer timeout).
 */
public final class RabbitJobConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitJobConsumer.class);
    private static final long RECONNECT_MS = 2_000;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long WATCH_MS = 100;

    /** Failed deliveries of one request before it goes to the dead-letter queue. */
    static final int MAX_ATTEMPTS = 5;

    private final ConnectionFactory factory;
    private final String queue;
    private final int concurrency;
    private final ExecutorService workers;
    private final JobDispatcher dispatcher;
    private final Thread connector;
    private volatile boolean closed;
    private volatile Connection connection;
    private volatile boolean consuming;

    public RabbitJobConsumer(String uri, String queue, int concurrency, JobHandler handler) {
        this.factory = BrokerConnections.factory(uri);
        this.queue = queue;
        this.concurrency = concurrency;
        this.workers =
                Executors.newFixedThreadPool(concurrency, NamedThreads.daemon("launcher-job"));
        this.dispatcher =
                new JobDispatcher(handler, workers, Duration.ofMillis(RECONNECT_MS), MAX_ATTEMPTS);
        this.connector = NamedThreads.daemon("launcher-consumer").newThread(this::keepConsuming);
    }

    public void start() {
        connector.start();
    }

    /** Whether a consumer is registered with the broker now, for {@code /ready}. */
    public boolean consuming() {
        return consuming;
    }

    /** Waits up to {@code wait} for the consumer to be registered; false if it was not. */
    public boolean awaitConsuming(Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (!consuming && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return consuming;
    }

    /** Consumes until closed, consuming again whenever the connection or channel is lost. */
    private void keepConsuming() {
        long backoff = RECONNECT_MS;
        while (!closed) {
            Connection c = null;
            try {
                c = factory.newConnection("playcount-launcher");
                connection = c;
                Channel channel = c.createChannel();
                channel.queueDeclare(queue, true, false, false, null);
                channel.queueDeclare(queue + ".dead", true, false, false, null);
                channel.basicQos(concurrency);
                AtomicBoolean cancelled = new AtomicBoolean();
                channel.basicConsume(
                        queue,
                        false,
                        (tag, delivery) -> dispatch(channel, delivery),
                        tag -> {
                            LOG.warn("the broker cancelled the consumer of {}", queue);
                            cancelled.set(true);
                        });
                consuming = true;
                backoff = RECONNECT_MS;
                LOG.info(
                        "launcher consuming job requests from {} ({} at once)", queue, concurrency);
                while (!closed && c.isOpen() && channel.isOpen() && !cancelled.get()) {
                    Thread.sleep(WATCH_MS);
                }
                consuming = false;
                if (!closed) {
                    LOG.warn(
                            "launcher stopped consuming from {}: {}; consuming again",
                            queue,
                            why(c, channel, cancelled.get()));
                }
            } catch (InterruptedException e) {
                consuming = false;
                return;
            } catch (Exception e) {
                consuming = false;
                LOG.warn(
                        "launcher cannot consume from {} (again in {} ms): {}",
                        queue,
                        backoff,
                        e.toString());
            }
            abort(c);
            if (!closed) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private static String why(Connection c, Channel channel, boolean cancelled) {
        if (cancelled) {
            return "the broker cancelled the consumer";
        }
        if (!c.isOpen()) {
            return "connection lost (" + c.getCloseReason() + ")";
        }
        return "channel closed (" + channel.getCloseReason() + ")";
    }

    /** Closes a connection left from a failed attempt, so none leaks at each retry. */
    private static void abort(Connection c) {
        if (c != null) {
            try {
                c.abort(1_000);
            } catch (RuntimeException e) {
                // already closed
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
        abort(connection);
        consuming = false;
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}

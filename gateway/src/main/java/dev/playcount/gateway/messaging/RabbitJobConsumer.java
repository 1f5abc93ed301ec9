package dev.playcount.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes job requests from the durable queue with manual acknowledgements and at most {@code
 * concurrency} unacknowledged at once, and acknowledges each only after its handler returned (the
 * outcome is recorded). A handler that throws leaves its request to be delivered again; a message
 * that is not a job request goes to the {@code <queue>.dead} queue.
 */
public final class RabbitJobConsumer implements AutoCloseable {

    /** What a launcher does with one request; returns once the task's outcome is recorded. */
    @FunctionalInterface
    public interface Handler {
        void handle(String taskId) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RabbitJobConsumer.class);
    private static final long RECONNECT_MS = 2_000;

    private final ConnectionFactory factory;
    private final String queue;
    private final int concurrency;
    private final Handler handler;
    private final ExecutorService workers;
    private final Thread connector;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean closed;
    private volatile Connection connection;

    public RabbitJobConsumer(String uri, String queue, int concurrency, Handler handler) {
        this.factory = BrokerConnections.factory(uri);
        this.queue = queue;
        this.concurrency = concurrency;
        this.handler = handler;
        this.workers = Executors.newFixedThreadPool(concurrency, named("launcher-job"));
        this.connector = named("launcher-consumer").newThread(this::keepConsuming);
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
        long tag = delivery.getEnvelope().getDeliveryTag();
        String taskId = taskId(delivery.getBody());
        if (taskId == null) {
            channel.basicPublish(
                    "", queue + ".dead", MessageProperties.PERSISTENT_BASIC, delivery.getBody());
            channel.basicAck(tag, false);
            LOG.warn("a message that is not a job request went to {}.dead", queue);
            return;
        }
        workers.submit(
                () -> {
                    try {
                        handler.handle(taskId);
                        channel.basicAck(tag, false);
                    } catch (InterruptedException e) {
                        LOG.info("stopping: task {} is left to the next launcher", taskId);
                    } catch (Exception e) {
                        LOG.warn(
                                "task {}: outcome not recorded, the request will come again: {}",
                                taskId,
                                e.toString());
                        requeue(channel, tag);
                    }
                });
    }

    private static void requeue(Channel channel, long tag) {
        try {
            Thread.sleep(RECONNECT_MS);
            channel.basicNack(tag, false, true);
        } catch (Exception e) {
            // the channel is gone: the broker redelivers unacknowledged requests anyway
        }
    }

    private String taskId(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            String id = node.path("taskId").asText(null);
            return id != null && id.matches("[0-9a-f-]{36}") ? id : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
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

package dev.playcount.gateway.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import dev.playcount.gateway.task.JobQueue;
import dev.playcount.gateway.task.JobRequest;
import dev.playcount.gateway.task.UnavailableException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job requests on a durable RabbitMQ queue: persistent messages, each confirmed by the broker
 * before {@link #publish} returns. Connects lazily and again after any failure, so the gateway
 * starts and keeps accepting uploads while the broker is away.
 */
public final class RabbitJobQueue implements JobQueue, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitJobQueue.class);
    private static final long CONFIRM_TIMEOUT_MS = 5_000;

    private final ConnectionFactory factory;
    private final String queue;
    private Connection connection;
    private Channel channel;

    public RabbitJobQueue(String uri, String queue) {
        this.factory = BrokerConnections.factory(uri);
        this.queue = queue;
    }

    @Override
    public synchronized void publish(JobRequest request) {
        try {
            Channel ch = channel();
            ch.basicPublish(
                    "", queue, MessageProperties.PERSISTENT_BASIC, JobRequestJson.encode(request));
            ch.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        } catch (IOException | TimeoutException | RuntimeException e) {
            disconnect();
            throw new UnavailableException("the broker did not confirm the job request", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnect();
            throw new UnavailableException("interrupted while publishing", e);
        }
    }

    @Override
    public synchronized boolean ready() {
        try {
            channel();
            return true;
        } catch (IOException | TimeoutException | RuntimeException e) {
            disconnect();
            return false;
        }
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        disconnect();
        connection = factory.newConnection("playcount-gateway");
        channel = connection.createChannel();
        channel.queueDeclare(queue, true, false, false, null);
        channel.confirmSelect();
        LOG.info("connected to the broker at {}:{}", factory.getHost(), factory.getPort());
        return channel;
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.abort(1_000);
            } catch (RuntimeException e) {
                // already gone
            }
        }
        connection = null;
        channel = null;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}

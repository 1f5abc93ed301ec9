package dev.playcount.gateway.messaging;

import dev.playcount.gateway.task.JobHandler;
import dev.playcount.gateway.task.JobRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the consumer does with one delivered message, apart from the AMQP plumbing: a job request
 * runs on a worker and is acknowledged only after its handler returned (the outcome is recorded); a
 * handler that throws has its request requeued after a pause; a launcher that stops leaves it
 * unacknowledged for the next one; a message that is not a job request is dead-lettered.
 */
final class JobDispatcher {

    /** The broker's side of one delivery. */
    interface Delivery {
        byte[] body();

        void ack() throws IOException;

        /** Gives the message back to the queue for another delivery. */
        void requeue() throws IOException;

        /** Moves the message to the dead-letter queue and acknowledges it. */
        void deadLetter() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobDispatcher.class);

    private final JobHandler handler;
    private final Executor workers;
    private final Duration requeueDelay;

    /**
     * @param requeueDelay how long a failed request waits before it is given back, so a store or
     *     cluster that is away is not asked again at once in a tight loop
     */
    JobDispatcher(JobHandler handler, Executor workers, Duration requeueDelay) {
        this.handler = handler;
        this.workers = workers;
        this.requeueDelay = requeueDelay;
    }

    void dispatch(Delivery delivery) throws IOException {
        Optional<JobRequest> request = JobRequestJson.decode(delivery.body());
        if (request.isEmpty()) {
            delivery.deadLetter();
            LOG.warn("a message that is not a job request went to the dead-letter queue");
            return;
        }
        String taskId = request.get().taskId();
        workers.execute(() -> handle(taskId, delivery));
    }

    private void handle(String taskId, Delivery delivery) {
        try {
            handler.handle(taskId);
            delivery.ack();
        } catch (InterruptedException e) {
            LOG.info("stopping: task {} is left to the next launcher", taskId);
        } catch (Exception e) {
            LOG.warn(
                    "task {}: outcome not recorded, the request will come again: {}",
                    taskId,
                    e.toString());
            requeue(delivery);
        }
    }

    private void requeue(Delivery delivery) {
        try {
            Thread.sleep(requeueDelay.toMillis());
            delivery.requeue();
        } catch (Exception e) {
            // the channel is gone: the broker redelivers unacknowledged requests anyway
        }
    }
}

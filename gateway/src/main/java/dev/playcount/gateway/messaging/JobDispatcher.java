package dev.playcount.gateway.messaging;

import dev.playcount.gateway.task.JobHandler;
import dev.playcount.gateway.task.JobRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the consumer does with one delivered message, apart from the AMQP plumbing: a job request
 * runs on a worker and is acknowledged once its task is claimed under a lease (or its handler
 * returned: nothing to run, or another launcher holds it); a handler that throws before the claim
 * has its request requeued after a pause, and dead-lettered once it failed {@code maxAttempts}
 * times in this launcher; a launcher that stops leaves it unacknowledged for the next one; a
 * message that is not a job request is dead-lettered at once.
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
    private final int maxAttempts;

    /**
     * Failures per task in this launcher: counted here because classic RabbitMQ queues and the
     * embedded broker's queues as declared keep no delivery count; the sweep sends a dead-lettered
     * request of an unfinished task again, so a store outage loses nothing.
     */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    /**
     * @param requeueDelay how long a failed request waits before it is given back, so a store or
     *     cluster that is away is not asked again at once in a tight loop
     * @param maxAttempts how many failed deliveries of one request before it is dead-lettered
     */
    JobDispatcher(JobHandler handler, Executor workers, Duration requeueDelay, int maxAttempts) {
        this.handler = handler;
        this.workers = workers;
        this.requeueDelay = requeueDelay;
        this.maxAttempts = maxAttempts;
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
        AtomicBoolean acked = new AtomicBoolean();
        Runnable ackOnce =
                () -> {
                    if (acked.compareAndSet(false, true)) {
                        ack(taskId, delivery);
                    }
                };
        try {
            handler.handle(taskId, ackOnce);
            ackOnce.run();
            failures.remove(taskId);
        } catch (InterruptedException e) {
            LOG.info("stopping: task {} is left to the next launcher", taskId);
        } catch (Exception e) {
            if (acked.get()) {
                // claimed and acknowledged: its lease expires and the sweep requests it again
                LOG.warn(
                        "task {}: outcome not recorded, left to its lease: {}",
                        taskId,
                        e.toString());
                return;
            }
            int failed = failures.merge(taskId, 1, Integer::sum);
            if (failed >= maxAttempts) {
                failures.remove(taskId);
                LOG.error(
                        "task {}: the request failed {} times; moved to the dead-letter queue: {}",
                        taskId,
                        failed,
                        e.toString());
                deadLetter(delivery);
                return;
            }
            LOG.warn(
                    "task {}: outcome not recorded ({} of {} attempts), the request will come"
                            + " again: {}",
                    taskId,
                    failed,
                    maxAttempts,
                    e.toString());
            requeue(delivery);
        }
    }

    private static void ack(String taskId, Delivery delivery) {
        try {
            delivery.ack();
        } catch (IOException | RuntimeException e) {
            // the channel closed: the broker delivers the request again, and the lease (or the
            // outcome) shows whoever gets it that there is nothing to run
            LOG.warn("task {}: could not acknowledge its request: {}", taskId, e.toString());
        }
    }

    private static void deadLetter(Delivery delivery) {
        try {
            delivery.deadLetter();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not dead-letter a request: {}", e.toString());
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

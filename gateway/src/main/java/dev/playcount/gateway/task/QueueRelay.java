package dev.playcount.gateway.task;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the job requests of QUEUED tasks that the broker never confirmed (it was away when they
 * were uploaded). The task store is the outbox: a request may go out twice when two gateways relay
 * the same task at once, which launchers tolerate; none is lost.
 */
public final class QueueRelay implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueRelay.class);
    private static final int BATCH = 100;

    private final OutboxTaskStore tasks;
    private final JobQueue queue;
    private final Clock clock;
    private final Duration settle;

    /**
     * @param settle how old an unconfirmed task must be, so a request still being published by the
     *     upload that created it is not sent again
     */
    public QueueRelay(OutboxTaskStore tasks, JobQueue queue, Clock clock, Duration settle) {
        this.tasks = tasks;
        this.queue = queue;
        this.clock = clock;
        this.settle = settle;
    }

    @Override
    public void run() {
        try {
            relayOnce();
        } catch (RuntimeException e) {
            LOG.warn("could not relay job requests, will retry: {}", e.getMessage());
        }
    }

    /** Returns how many requests were published. */
    public int relayOnce() {
        List<Task> pending = tasks.unqueued(clock.instant().minus(settle), BATCH);
        int sent = 0;
        for (Task task : pending) {
            try {
                queue.publish(new JobRequest(task.id()));
            } catch (UnavailableException e) {
                LOG.debug("broker still away: {}", e.getMessage());
                break;
            }
            tasks.markQueued(task.id());
            sent++;
        }
        if (sent > 0) {
            LOG.info("queued {} job request(s) held while the broker was away", sent);
        }
        return sent;
    }
}

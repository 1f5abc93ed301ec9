package dev.playcount.gateway.task;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the job request again for tasks nobody works on: QUEUED past a grace period (the broker
 * lost or dead-lettered the request) and IN_PROGRESS with an expired lease (its launcher died). So
 * nothing waits for a launcher to restart; a launcher that gets a request it need not run acks it.
 */
public final class StaleTaskSweep implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StaleTaskSweep.class);
    private static final int BATCH = 100;

    private final SweepTaskStore tasks;
    private final JobQueue queue;
    private final Clock clock;
    private final Duration grace;

    /**
     * @param grace how long a QUEUED task may wait for its request to be taken, and how long before
     *     a task requested again is requested once more
     */
    public StaleTaskSweep(SweepTaskStore tasks, JobQueue queue, Clock clock, Duration grace) {
        this.tasks = tasks;
        this.queue = queue;
        this.clock = clock;
        this.grace = grace;
    }

    @Override
    public void run() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            LOG.warn("could not sweep for stale tasks, will retry: {}", e.getMessage());
        }
    }

    /** Returns how many requests were sent again. */
    public int sweepOnce() {
        var now = clock.instant();
        List<Task> stale = tasks.stale(now.minus(grace), now, BATCH);
        int sent = 0;
        for (Task task : stale) {
            try {
                queue.publish(new JobRequest(task.id()));
            } catch (UnavailableException e) {
                LOG.debug("broker away, the sweep tries again: {}", e.getMessage());
                break;
            }
            tasks.markRequested(task.id(), now);
            LOG.info(
                    "task {} is {} with no launcher on it (lease {} until {}): requested again",
                    task.id(),
                    task.status(),
                    task.leaseOwner(),
                    task.leaseUntil());
            sent++;
        }
        return sent;
    }
}

package dev.playcount.gateway.launcher;

import dev.playcount.gateway.task.JobRunner;
import dev.playcount.gateway.task.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's job that the cluster no longer knows (a JobManager restarted without HA keeps no jobs):
 * when, and how many times, the launcher may submit it again under its id from the input that is
 * still stored.
 *
 * <p>Not at once: the TaskManagers keep the lost job's slots until they notice its JobManager is
 * gone (their heartbeat timeout, then the slot timeout), and offer them to the new JobManager as
 * soon as it runs a job of the same id. That job's tasks then fail on every restart ("a different
 * set of library BLOBs than previous registrations for this job": its jar was uploaded again), so
 * the task would fail. It is submitted again once a TaskManager has registered with the new
 * JobManager and none that did holds a slot of it, or once that was waited for as long as an outage
 * is. (A TaskManager that registers later may still hold one: the wait narrows the window, it
 * cannot close it without HA.)
 */
final class LostJob {

    private static final Logger LOG = LoggerFactory.getLogger(LostJob.class);

    /** How often a lost job is submitted again before its task fails with {@code job_lost}. */
    static final int RESUBMITS = 2;

    private final JobRunner jobs;
    private final OutageTolerance patience;
    private final Clock clock;
    private final String jobId;
    private int resubmits;
    private Instant waitingSince;

    LostJob(JobRunner jobs, OutageTolerance patience, Clock clock, String jobId) {
        this.jobs = jobs;
        this.patience = patience;
        this.clock = clock;
        this.jobId = jobId;
    }

    /** Whether it was submitted again as often as it may be: lost once more, the task fails. */
    boolean exhausted() {
        return resubmits >= RESUBMITS;
    }

    /**
     * Whether it can be submitted again now: no TaskManager holds its slots any more, or they were
     * waited for as long as {@code FLINK_OUTAGE_TOLERANCE}.
     */
    boolean maySubmitAgain(Task task) throws InterruptedException {
        boolean held =
                patience.call("asking for job " + jobId + "'s slots", () -> jobs.slotsHeld(jobId));
        if (!held) {
            return true;
        }
        Instant now = clock.instant();
        if (waitingSince == null) {
            waitingSince = now;
            LOG.info(
                    "task {}: TaskManagers still hold slots of lost job {}; waiting for their"
                            + " release before submitting it again",
                    task.id(),
                    jobId);
            return false;
        }
        if (Duration.between(waitingSince, now).compareTo(patience.tolerance()) < 0) {
            return false;
        }
        LOG.warn(
                "task {}: TaskManagers still hold slots of lost job {} after {}; submitting it"
                        + " again all the same",
                task.id(),
                jobId,
                patience.tolerance());
        return true;
    }

    /** Counts a submission again under its id, from the stored input, that the caller makes. */
    void resubmitting(Task task) {
        LOG.warn("task {}: the cluster lost job {}; submitting it again", task.id(), jobId);
        resubmits++;
        waitingSince = null;
    }
}

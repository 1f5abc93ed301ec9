package dev.playcount.gateway.launcher;

import dev.playcount.gateway.task.ClusterUnavailableException;
import dev.playcount.gateway.task.JobOutcome;
import dev.playcount.gateway.task.JobRunner;
import dev.playcount.gateway.task.JobState;
import dev.playcount.gateway.task.LauncherTaskStore;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskFiles;
import dev.playcount.gateway.task.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task to its end: claims it under a lease (IN_PROGRESS, held by this launcher), starts
 * (or finds) its Flink job, renews the lease and writes progress while it runs, cancels it when the
 * task is cancelled, and records the outcome. Tells its caller once the task is claimed, so the job
 * request can be acknowledged then: from there the lease carries the task.
 */
public final class TaskLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLauncher.class);

    private final LauncherTaskStore tasks;
    private final JobRunner jobs;
    private final TaskFiles files;
    private final Clock clock;

    /** How often the job's state is asked; ending is noticed this fast. */
    private static final Duration STATE_POLL = Duration.ofMillis(200);

    /** How often a running task's progress goes to the log (the task has it every few seconds). */
    private static final Duration LOG_PROGRESS_EVERY = Duration.ofSeconds(10);

    private final Duration progressEvery;
    private final Duration statePoll;
    private final TaskLease lease;
    private final OutcomeRecorder outcomes;
    private final Set<String> following = ConcurrentHashMap.newKeySet();
    private final OutageTolerance patience;

    public TaskLauncher(
            LauncherTaskStore tasks,
            JobRunner jobs,
            TaskFiles files,
            Clock clock,
            Duration progressEvery,
            String launcherId,
            Duration leaseDuration,
            OutageTolerance patience) {
        this(
                tasks,
                jobs,
                files,
                clock,
                progressEvery,
                STATE_POLL,
                launcherId,
                leaseDuration,
                patience);
    }

    /**
     * @param statePoll how often the job's state is asked (unit tests ask without pausing)
     */
    TaskLauncher(
            LauncherTaskStore tasks,
            JobRunner jobs,
            TaskFiles files,
            Clock clock,
            Duration progressEvery,
            Duration statePoll,
            String launcherId,
            Duration leaseDuration,
            OutageTolerance patience) {
        this.statePoll = statePoll;
        this.lease = new TaskLease(tasks, clock, launcherId, leaseDuration);
        this.outcomes = new OutcomeRecorder(tasks, files, clock, lease);
        this.tasks = tasks;
        this.jobs = jobs;
        this.files = files;
        this.clock = clock;
        this.progressEvery = progressEvery;
        this.patience = patience;
    }

    /** The requests this launcher holds now (each a task it follows). */
    public int inHand() {
        return following.size();
    }

    /**
     * Handles one job request; a request for a task this launcher already follows, or another
     * launcher holds, is a no-op.
     *
     * @param claimed run once the task is held under this launcher's lease
     */
    public void run(String taskId, Runnable claimed) throws InterruptedException {
        if (!following.add(taskId)) {
            LOG.info("task {}: request delivered again while it runs here; ignored", taskId);
            return;
        }
        try {
            Optional<Task> task = lease.claim(taskId);
            if (task.isPresent()) {
                claimed.run();
                try {
                    follow(task.get());
                } catch (InterruptedException e) {
                    lease.release(taskId);
                    throw e;
                }
            }
        } finally {
            following.remove(taskId);
        }
    }

    private void follow(Task task) throws InterruptedException {
        try {
            followHeld(task);
        } catch (LeaseLostException e) {
            // its new holder (or the cancel) decides about the job and the files
            LOG.warn("task {}: no longer held here; left as it is", task.id());
        }
    }

    private void followHeld(Task task) throws InterruptedException {
        String jobId = jobIdOf(task);
        try {
            startJob(task);
        } catch (ClusterUnavailableException e) {
            giveUp(task, jobId, e);
            return;
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("task {}: the job could not be started", task.id(), e);
            outcomes.fail(
                    task,
                    new TaskError(
                            "submit_failed", "the job could not start: " + e.getMessage(), null));
            return;
        }
        if (!jobId.equals(task.flinkJobId())) {
            tasks.recordJob(task.id(), jobId, jobs.dashboardUrl(jobId));
            LOG.info("task {} runs as Flink job {}", task.id(), jobId);
        } else {
            LOG.info("task {}: following its Flink job {} again", task.id(), jobId);
        }
        try {
            if (watch(task, jobId)) {
                String id = jobId;
                // publishing touches files: only under a lease renewed just now (or the cancel's)
                JobOutcome outcome =
                        patience.call(
                                "reading job " + id,
                                () -> {
                                    if (!lease.renewNow(task.id()) && !outcomes.cancelled(task)) {
                                        throw new LeaseLostException();
                                    }
                                    return jobs.finish(current(task), id);
                                });
                outcomes.record(current(task), jobId, outcome);
            }
        } catch (ClusterUnavailableException e) {
            giveUp(task, jobId, e);
        }
    }

    /** Follows the job until it ends (true) or the task was failed here (false). */
    private boolean watch(Task task, String jobId) throws InterruptedException {
        Progress shown = task.progress(); // a launcher that follows the job again goes on from it
        long nextCheck = 0;
        TaskLease.Renewal renewal = lease.renewal(task);
        long nextLog = System.nanoTime() + LOG_PROGRESS_EVERY.toNanos();
        LostJob lost = new LostJob(jobs, patience, clock, jobId);
        JobState state;
        String doing = "following job " + jobId;
        // renewed between the tries of an outage too, so a holder that waits for the cluster keeps
        // its task
        Supplier<JobState> poll =
                () -> {
                    if (!renewal.keep()) {
                        throw new LeaseLostException();
                    }
                    return jobs.state(jobId);
                };
        while (!(state = patience.call(doing, poll)).ended()) {
            if (state == JobState.UNKNOWN) {
                if (lost.exhausted()) {
                    outcomes.fail(
                            task,
                            new TaskError(
                                    "job_lost",
                                    "the Flink cluster no longer knows job " + jobId,
                                    null));
                    return false;
                }
                if (lost.maySubmitAgain(task)) {
                    lost.resubmitting(task);
                    startJob(task);
                    continue;
                }
                // its slots are not released yet: the lease is renewed below meanwhile
            }
            if (System.nanoTime() >= nextCheck) {
                nextCheck = System.nanoTime() + progressEvery.toNanos();
                Optional<Task> now = tasks.find(task.id());
                if (now.isEmpty() || now.get().status() == TaskStatus.CANCELLED) {
                    LOG.info("task {} was cancelled: cancelling Flink job {}", task.id(), jobId);
                    jobs.cancel(jobId);
                } else {
                    Optional<Progress> progress = jobs.progress(jobId, knownBytes(now.get()));
                    if (progress.isPresent()) {
                        shown = whileUploading(now.get(), progress.get()).notBelow(shown);
                        tasks.progress(task.id(), shown);
                        if (System.nanoTime() >= nextLog) {
                            nextLog = System.nanoTime() + LOG_PROGRESS_EVERY.toNanos();
                            log(task, shown);
                        }
                    }
                }
            }
            Thread.sleep(statePoll.toMillis());
        }
        return true;
    }

    /**
     * The task as the store has it now: one whose file was still arriving when it was claimed has
     * its final size and SHA-256 once the upload completed (its job finished only after that).
     */
    private Task current(Task task) {
        return task.uploading() ? tasks.find(task.id()).orElse(task) : task;
    }

    /** The input's bytes known now: while the upload arrives, what is stored so far. */
    private long knownBytes(Task task) {
        long stored = task.uploading() ? files.inputSize(task.id()) : -1;
        return stored >= 0 ? Math.max(1, stored) : task.input().bytes();
    }

    /**
     * While its file arrives, the readers may have caught up with the bytes stored so far; the
     * reading phase is never shown done before the last byte.
     */
    private static Progress whileUploading(Task task, Progress p) {
        return task.uploading() && p.phasePercent() > 99
                ? new Progress(p.percent(), p.phase(), 99, p.rowsRead(), p.bytesRead())
                : p;
    }

    /**
     * Starts the task's job unless the cluster has (or had) it. Each try renews the lease first, so
     * a launcher that waits out an outage keeps its task, and one that lost it stops.
     */
    private void startJob(Task task) throws InterruptedException {
        String jobId = jobIdOf(task);
        boolean known =
                patience.call(
                        "asking for job " + jobId,
                        () -> {
                            hold(task);
                            return jobs.knows(jobId);
                        });
        if (!known) {
            // What an attempt the cluster no longer knows left goes first, under a lease renewed
            // just now: a launcher whose task was taken over (its lease ran out while it waited
            // for the cluster) must not delete what the task's new holder published.
            hold(task);
            files.deleteOutputs(task.id());
        }
        patience.call(
                "submitting task " + task.id(),
                () -> {
                    hold(task);
                    return jobs.start(task);
                });
    }

    /** Renews the task's lease now; LeaseLostException when it is no longer held here. */
    private void hold(Task task) {
        if (!lease.renewNow(task.id())) {
            throw new LeaseLostException();
        }
    }

    /** The task is another launcher's now (or over): nothing more is done for it here. */
    private static final class LeaseLostException extends RuntimeException {
        LeaseLostException() {
            super(null, null, false, false);
        }
    }

    /** The cluster stayed away past the tolerance: a definite end, and the job must not go on. */
    private void giveUp(Task task, String jobId, ClusterUnavailableException e) {
        LOG.warn("task {}: {}; cancelling Flink job {}", task.id(), e.getMessage(), jobId);
        jobs.cancel(jobId); // best effort: the launcher's job check cancels it once it answers
        outcomes.fail(task, new TaskError("flink_unavailable", e.getMessage(), null));
    }

    /** The job id a task's job has: its UUID's 128 bits, as {@code JobSubmitter} gives it. */
    static String jobIdOf(Task task) {
        return task.id().replace("-", "");
    }

    private static void log(Task task, Progress p) {
        LOG.info(
                "task {}: {}% done, {} {}%, {} rows and {} bytes read",
                task.id(),
                p.percent(),
                p.phase() == null ? "starting" : p.phase().wireName(),
                p.phasePercent(),
                p.rowsRead(),
                p.bytesRead());
    }
}

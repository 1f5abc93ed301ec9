package dev.playcount.gateway.task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The task store as the launcher uses it: claim a task, follow its job, record its outcome. */
public interface LauncherTaskStore extends TaskLookup {

    /** Moves a QUEUED task to IN_PROGRESS; empty when it was not QUEUED. */
    Optional<Task> start(String id, Instant now);

    /**
     * Gives {@code owner} the lease of the task until {@code until}, in one conditional update: a
     * QUEUED task starts (IN_PROGRESS), an IN_PROGRESS task is taken over only when its lease
     * expired before {@code now} (or is missing, or is already {@code owner}'s). Empty when the
     * task is finished or another launcher's lease still runs.
     */
    Optional<Task> claim(String id, String owner, Instant now, Instant until);

    /** Extends {@code owner}'s lease of an IN_PROGRESS task; false when it no longer holds it. */
    boolean renew(String id, String owner, Instant until);

    /** Records the Flink job that runs an IN_PROGRESS task; a task in another status is left. */
    void recordJob(String id, String flinkJobId, String dashboardUrl);

    /** Updates the progress of an IN_PROGRESS task. */
    void progress(String id, Progress progress);

    /**
     * Moves an IN_PROGRESS task that {@code owner} holds (its lease may have run out, but nobody
     * took it over) to COMPLETED with its receipt and final progress, in one write; false
     * otherwise. A launcher whose task was taken over cannot record an outcome over its new
     * holder's.
     */
    boolean complete(String id, String owner, TaskReceipt receipt, Progress done, Instant now);

    /** Moves an IN_PROGRESS task that {@code owner} holds to FAILED; false otherwise. */
    boolean fail(String id, String owner, List<TaskError> errors, Instant now);

    /** Moves a QUEUED or IN_PROGRESS task to CANCELLED; empty when it was not in those. */
    Optional<Task> cancel(String id, Instant now);
}

package dev.playcount.gateway.task;

import java.util.List;
import java.util.Optional;

/**
 * The Flink cluster that runs tasks' jobs. A task's job id is derived from the task id, so starting
 * a task twice finds the job that already runs instead of submitting another. A call the cluster
 * did not answer throws {@link ClusterUnavailableException}; any other error is its answer.
 */
public interface JobRunner {

    /**
     * Starts the task's job unless the cluster already has it; returns the job id either way. The
     * caller deletes what an earlier attempt left first (see {@link #knows}).
     */
    String start(Task task);

    /**
     * Whether the cluster has (or had) the job. A JobManager restarted without HA has none.
     *
     * @throws ClusterUnavailableException when the cluster did not answer
     */
    boolean knows(String jobId);

    /** Where the job is, or {@link JobState#UNKNOWN} when the cluster does not know it. */
    JobState state(String jobId);

    /** How far the job has read its input, if the cluster reports it yet. */
    Optional<Progress> progress(String jobId, long inputBytes);

    /**
     * The outcome of a job in a terminal state; on success its result (and rejects) are published
     * under their final names first.
     */
    JobOutcome finish(Task task, String jobId);

    /**
     * The ids of the jobs the cluster runs now, whoever submitted them.
     *
     * @throws ClusterUnavailableException when the cluster did not answer
     */
    List<String> runningJobs();

    /**
     * Whether a TaskManager may hold slots of the job (true while none has registered). A
     * JobManager restarted without HA knows no job, but the TaskManagers keep a lost job's slots
     * for a while (see {@code LostJob}).
     *
     * @throws ClusterUnavailableException when the cluster did not answer
     */
    boolean slotsHeld(String jobId);

    /** Asks the cluster to cancel the job; a job that already ended is left as it is. */
    void cancel(String jobId);

    /** A link that opens the job in the Flink web dashboard. */
    String dashboardUrl(String jobId);

    /** Whether the cluster answers. */
    boolean ready();
}

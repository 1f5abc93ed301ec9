package dev.playcount.gateway.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where tasks are recorded. Every status change is one atomic conditional update, so several
 * gateways and launchers can share one store. Implementations throw {@link UnavailableException}
 * when the store does not answer.
 */
public interface TaskRepository {

    /**
     * @throws DuplicateIdempotencyKeyException when the owner already used the task's key
     */
    void insert(Task task);

    Optional<Task> find(String id);

    Optional<Task> findByIdempotencyKey(String owner, String key);

    TaskPage list(TaskQuery query);

    void markQueued(String id);

    /**
     * Forgets that requests were sent for unfinished (QUEUED or IN_PROGRESS) tasks, so the relay
     * sends them again: the broker may have lost them.
     */
    long unmarkQueued();

    /** Unfinished tasks created before {@code before} whose job request was not yet confirmed. */
    List<Task> unqueued(Instant before, int limit);

    /** Moves a QUEUED task to IN_PROGRESS; empty when it was not QUEUED. */
    Optional<Task> start(String id, Instant now);

    /** Records the Flink job that runs an IN_PROGRESS task. */
    void recordJob(String id, String flinkJobId, String dashboardUrl);

    /** Updates the progress of an IN_PROGRESS task. */
    void progress(String id, Progress progress);

    /**
     * Moves an IN_PROGRESS task to COMPLETED with its receipt and final progress, in one write;
     * false if it was not IN_PROGRESS.
     */
    boolean complete(String id, TaskReceipt receipt, Progress done, Instant now);

    /** Moves a QUEUED or IN_PROGRESS task to FAILED; false if it was in neither. */
    boolean fail(String id, List<TaskError> errors, Instant now);

    /** Moves a QUEUED or IN_PROGRESS task to CANCELLED; empty when it was not in those. */
    Optional<Task> cancel(String id, Instant now);

    /** Moves a COMPLETED task to DOWNLOADED. */
    void markDownloaded(String id);

    /** Claims one COMPLETED or DOWNLOADED task finished before {@code before} as EXPIRED. */
    Optional<Task> expireOne(Instant before, Instant now);

    /** Finished tasks whose input file has not been deleted yet. */
    List<Task> finishedWithInput(int limit);

    void markInputDeleted(String id);

    boolean exists(String id);

    Map<TaskStatus, Long> countByStatus();

    /** Throws {@link UnavailableException} when the store does not answer. */
    void ping();
}

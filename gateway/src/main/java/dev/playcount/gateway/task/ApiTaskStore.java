package dev.playcount.gateway.task;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The task store as the HTTP API uses it: record uploads, look tasks up, cancel, downloads. */
public interface ApiTaskStore extends TaskLookup {

    /**
     * @throws DuplicateIdempotencyKeyException when the owner already used the task's key
     */
    void insert(Task task);

    Optional<Task> findByIdempotencyKey(String owner, String key);

    TaskPage list(TaskQuery query);

    /** Notes that the broker confirmed the task's job request. */
    void markQueued(String id);

    /** Moves a QUEUED or IN_PROGRESS task to CANCELLED; empty when it was not in those. */
    Optional<Task> cancel(String id, Instant now);

    /** Moves a COMPLETED task to DOWNLOADED. */
    void markDownloaded(String id);

    Map<TaskStatus, Long> countByStatus();

    /** The tasks of {@code owner} (every task when empty) that hold disk or a job slot. */
    TaskUsage usage(String owner);

    /**
     * Input bytes of every QUEUED or IN_PROGRESS task: what their jobs may still write, which the
     * disk floor keeps free (cheaper than {@code usage("").runningBytes()}: running tasks only).
     */
    long runningInputBytes();

    /** Throws {@link UnavailableException} when the store does not answer. */
    void ping();
}

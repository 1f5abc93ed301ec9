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

    /**
     * Records the final input (sizes, SHA-256s, encoding) of a task whose file was still arriving,
     * once its last byte is stored; empty when there is no such task (gone, or complete already).
     * The task may have moved on meanwhile (IN_PROGRESS, CANCELLED, FAILED): the caller reads its
     * status.
     */
    Optional<Task> uploadComplete(String id, InputFile input);

    /**
     * Removes the record of a task whose upload broke while its file was still arriving (nothing of
     * it is kept); a task whose upload completed stays. True when the record went.
     */
    boolean removeIncompleteUpload(String id);

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

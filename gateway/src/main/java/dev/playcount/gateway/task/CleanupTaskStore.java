package dev.playcount.gateway.task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The task store as the retention schedule uses it: expire results, find inputs to delete, tell
 * which files still have a task that may write them.
 */
public interface CleanupTaskStore {

    /** Claims one COMPLETED or DOWNLOADED task finished before {@code before} as EXPIRED. */
    Optional<Task> expireOne(Instant before, Instant now);

    /** Finished tasks whose input file has not been deleted yet. */
    List<Task> finishedWithInput(int limit);

    void markInputDeleted(String id);

    boolean exists(String id);

    /**
     * Whether the task exists and is QUEUED or IN_PROGRESS: a job of it may still write into its
     * staging folders.
     */
    boolean unfinished(String id);
}

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

    /**
     * Removes the records of tasks that are over and whose input is deleted (nothing of theirs is
     * left on disk but orphans): EXPIRED ones that expired before {@code expiredBefore}, FAILED and
     * CANCELLED ones (they have no result to expire) that finished before {@code finishedBefore}.
     *
     * @return how many records went
     */
    long removeRecords(Instant expiredBefore, Instant finishedBefore);

    boolean exists(String id);

    /**
     * Whether the task exists and is QUEUED or IN_PROGRESS: a job of it may still write into its
     * staging folders.
     */
    boolean unfinished(String id);
}

package dev.playcount.gateway.task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The task store as the retention schedule uses it: expire results, find inputs to delete. */
public interface CleanupTaskStore {

    /** Claims one COMPLETED or DOWNLOADED task finished before {@code before} as EXPIRED. */
    Optional<Task> expireOne(Instant before, Instant now);

    /** Finished tasks whose input file has not been deleted yet. */
    List<Task> finishedWithInput(int limit);

    void markInputDeleted(String id);

    boolean exists(String id);
}

package dev.playcount.gateway.task;

import java.time.Instant;
import java.util.List;

/** The task store as the launchers' sweep uses it: which tasks nobody is working on. */
public interface SweepTaskStore {

    /**
     * QUEUED tasks created before {@code before} and IN_PROGRESS tasks whose lease expired before
     * {@code now}, in both cases not requested again since {@code before}.
     */
    List<Task> stale(Instant before, Instant now, int limit);

    /** Notes that the task's job request was sent again at {@code now}. */
    void markRequested(String id, Instant now);
}

package dev.playcount.gateway.task;

import java.time.Instant;
import java.util.List;

/** The task store as the outbox of job requests: which requests the broker has not confirmed. */
public interface OutboxTaskStore {

    /** Notes that the broker confirmed the task's job request. */
    void markQueued(String id);

    /**
     * Forgets that requests were sent for unfinished (QUEUED or IN_PROGRESS) tasks, so the relay
     * sends them again: the broker may have lost them.
     */
    long unmarkQueued();

    /** Unfinished tasks created before {@code before} whose job request was not yet confirmed. */
    List<Task> unqueued(Instant before, int limit);
}

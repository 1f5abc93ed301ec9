package dev.playcount.gateway.task;

import java.util.EnumSet;
import java.util.Set;

/** Where a task is in its life; the names are part of the HTTP contract. */
public enum TaskStatus {
    QUEUED,
    IN_PROGRESS,
    COMPLETED,
    DOWNLOADED,
    FAILED,
    CANCELLED,
    EXPIRED;

    /** Statuses whose result can be downloaded. */
    public static final Set<TaskStatus> READY = EnumSet.of(COMPLETED, DOWNLOADED);

    /** Statuses a task never leaves on its own (only cleanup moves COMPLETED/DOWNLOADED on). */
    public static final Set<TaskStatus> FINISHED =
            EnumSet.of(COMPLETED, DOWNLOADED, FAILED, CANCELLED, EXPIRED);

    /** Statuses that {@code DELETE /tasks/{id}} can cancel. */
    public static final Set<TaskStatus> CANCELLABLE = EnumSet.of(QUEUED, IN_PROGRESS);

    /** Statuses of a task whose job is still to run or running (the per-key running quota). */
    public static final Set<TaskStatus> RUNNING = EnumSet.of(QUEUED, IN_PROGRESS);
}

package dev.playcount.gateway.task;

/**
 * The task of an upload whose job starts before its last byte: recorded and queued once the header
 * is accepted and the first part of the file is stored (on the request's thread, from the store's
 * callback), while the rest still arrives.
 */
final class EarlyTask {

    private final Task task;
    private boolean recorded;
    private boolean queued;

    EarlyTask(Task task) {
        this.task = task;
    }

    /** The task as accepted, its input's size and SHA-256 not known yet. */
    Task task() {
        return task;
    }

    /** Records and queues the task; false when an Idempotency-Key made it wait for the end. */
    boolean record(UploadAcceptance service) {
        recorded = service.recordEarly(task);
        if (recorded) {
            queued = service.tryToQueue(task).queued();
        }
        return recorded;
    }

    boolean recorded() {
        return recorded;
    }

    /** Whether the broker confirmed the job request when the task was recorded. */
    boolean queued() {
        return queued;
    }
}

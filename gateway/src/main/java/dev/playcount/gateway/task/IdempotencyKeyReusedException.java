package dev.playcount.gateway.task;

/**
 * An Idempotency-Key sent again with a different request (another file, or another invalidRows
 * policy): a client's bug, answered 422 as Stripe answers it, never the first task for the wrong
 * file.
 */
public final class IdempotencyKeyReusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String taskId;

    public IdempotencyKeyReusedException(Task first) {
        super(
                "this Idempotency-Key was already used for task "
                        + first.id()
                        + " with a different request (another file or another invalidRows);"
                        + " send a new key for a new upload");
        this.taskId = first.id();
    }

    /** The task the key's first request created. */
    public String taskId() {
        return taskId;
    }
}

package dev.playcount.gateway.task;

/** Another request with the same Idempotency-Key recorded its task first. */
public final class DuplicateIdempotencyKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DuplicateIdempotencyKeyException(Throwable cause) {
        super("a task with this Idempotency-Key exists", cause);
    }
}

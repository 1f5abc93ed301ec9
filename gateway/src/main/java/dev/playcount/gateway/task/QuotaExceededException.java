package dev.playcount.gateway.task;

/** An upload or a key went past one of its {@link Quotas}. */
public final class QuotaExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which quota: each has its own answer. */
    public enum Kind {
        /** the upload is larger than the most one upload may be (413) */
        UPLOAD_SIZE,
        /** the key has as many running tasks as it may (429: wait for one to end) */
        RUNNING_TASKS,
        /** the key keeps as many bytes as it may (507: delete or let results expire) */
        STORED_BYTES
    }

    private final Kind kind;

    public QuotaExceededException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

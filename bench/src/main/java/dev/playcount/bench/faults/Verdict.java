package dev.playcount.bench.faults;

/** How a task of the matrix ended. */
enum Verdict {
    /** COMPLETED, and the downloaded result and its invalid-row count equal the oracle's. */
    RIGHT,
    /** COMPLETED with a result that differs from the oracle's, or one that cannot be read. */
    WRONG,
    /** FAILED or CANCELLED: ended with a reason (not lost, but not right either). */
    FAILED,
    /** Accepted (202), and no end within the timeout. */
    LOST,
    /** The upload never got its 202 (cut every time it was tried): the client's, not lost. */
    NOT_ACCEPTED
}

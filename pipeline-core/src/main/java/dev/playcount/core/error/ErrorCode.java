package dev.playcount.core.error;

import java.util.Locale;

/** Why a run failed, as the stable code a task's {@code errors} carry. */
public enum ErrorCode {
    /** A row broke the data contract under the {@code fail} policy; the error names its line. */
    INVALID_ROW,
    /** The header row cannot be used. */
    INVALID_HEADER,
    /** The run's counts did not add up, so nothing was published. */
    RECEIPT_MISMATCH,
    /** The job finished but its output could not be moved, checked or hashed. */
    PUBLISH_FAILED,
    /** The storage filled up while the job wrote its result: the result did not fit. */
    STORAGE_FULL,
    /**
     * The upload a job read while it arrived broke or stalled before it was complete (its job
     * started before the last byte).
     */
    UPLOAD_BROKEN,
    /** Any other failure: an overflowing sum, a missing file, a bad option. */
    JOB_FAILED;

    /** The code as it is written in a task, e.g. {@code invalid_row}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.playcount.pipeline.progress;

import java.util.Locale;

/**
 * The stages of a run in the order they happen (BATCH mode: each stage starts when the one before
 * it has finished). Uploading, the gateway's own phase before a job exists, is not one of them.
 */
public enum Phase {
    /** Readers parse the input and send partial sums. */
    READING,
    /** The summing operator takes in every partial sum. */
    SUMMING,
    /** The totals are emitted and written to the result file. */
    WRITING;

    /** The name in progress lines and in the API: {@code reading}, {@code summing}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

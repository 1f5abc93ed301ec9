package dev.playcount.core.receipt;

/** Names of the accumulators a run's receipt (and its progress) is built from. */
public final class Counts {

    public static final String ROWS_READ = "rowsRead";
    public static final String ROWS_AGGREGATED = "rowsAggregated";
    public static final String INVALID_ROWS = "invalidRows";
    public static final String REPEATED_HEADERS = "repeatedHeaders";
    public static final String BYTES_READ = "bytesRead";
    public static final String PLAYS_IN = "playsIn";
    public static final String PLAYS_OUT = "playsOut";
    public static final String ROWS_WRITTEN = "rowsWritten";

    /**
     * Partial sums the readers sent to be keyed: the summing stage's total work, known once reading
     * ends (progress only, not part of the receipt).
     */
    public static final String PARTIAL_SUMS = "partialSums";

    private Counts() {}
}

package dev.playcount.gateway.task;

import dev.playcount.core.receipt.Receipt;

/**
 * A finished run's {@link Receipt} as a task stores and shows it: plays as decimal strings (the
 * totals may exceed 64 bits and JSON numbers do not) and the duration in seconds. Made only from
 * the core's receipt, whose balance check is the one rule.
 */
public record TaskReceipt(
        long rowsRead,
        long rowsAggregated,
        long invalidRows,
        long repeatedHeaders,
        String playsIn,
        String playsOut,
        long rowsWritten,
        String inputSha256,
        String resultSha256,
        double seconds) {

    /** The task's form of a completed receipt. */
    public static TaskReceipt of(Receipt r) {
        return new TaskReceipt(
                r.rowsRead(),
                r.rowsAggregated(),
                r.invalidRows(),
                r.repeatedHeaders(),
                r.playsIn().toString(),
                r.playsOut().toString(),
                r.rowsWritten(),
                r.inputSha256(),
                r.resultSha256(),
                r.elapsed().toMillis() / 1000.0);
    }
}

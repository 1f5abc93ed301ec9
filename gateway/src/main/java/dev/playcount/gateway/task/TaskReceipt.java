package dev.playcount.gateway.task;

/**
 * Proof that a finished run lost nothing: rows read = aggregated + invalid + repeated headers,
 * plays in = plays out (decimal strings: the totals may exceed 64 bits), and both files' SHA-256.
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
        double seconds) {}

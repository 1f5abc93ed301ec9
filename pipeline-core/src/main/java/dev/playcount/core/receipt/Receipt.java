package dev.playcount.core.receipt;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Proof that nothing was lost: every row read is aggregated, invalid or a repeated header, and the
 * plays that went in came out.
 */
public record Receipt(
        long rowsRead,
        long rowsAggregated,
        long invalidRows,
        long repeatedHeaders,
        BigInteger playsIn,
        BigInteger playsOut,
        long rowsWritten,
        String inputSha256,
        String resultSha256,
        Duration elapsed) {

    /** Builds the counts from a finished job's accumulators. */
    public static Receipt fromAccumulators(Map<String, Object> acc) {
        return new Receipt(
                asLong(acc.get(Counts.ROWS_READ)),
                asLong(acc.get(Counts.ROWS_AGGREGATED)),
                asLong(acc.get(Counts.INVALID_ROWS)),
                asLong(acc.get(Counts.REPEATED_HEADERS)),
                asBig(acc.get(Counts.PLAYS_IN)),
                asBig(acc.get(Counts.PLAYS_OUT)),
                asLong(acc.get(Counts.ROWS_WRITTEN)),
                null,
                null,
                Duration.ZERO);
    }

    private static long asLong(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static BigInteger asBig(Object value) {
        return value == null ? BigInteger.ZERO : (BigInteger) value;
    }

    /** The same counts with the hashes and duration known once the result is published. */
    public Receipt completed(String input, String result, Duration took) {
        return new Receipt(
                rowsRead,
                rowsAggregated,
                invalidRows,
                repeatedHeaders,
                playsIn,
                playsOut,
                rowsWritten,
                input,
                result,
                took);
    }

    /** Whether rows and plays add up. */
    public boolean balances() {
        return rowsRead == rowsAggregated + invalidRows + repeatedHeaders
                && playsIn.equals(playsOut);
    }

    /** The receipt as the lines the CLI prints and the logs record. */
    public String render() {
        return String.format(
                "rows read        %,d = %,d aggregated + %,d invalid + %,d repeated headers%n"
                        + "plays            %,d in = %,d out%n"
                        + "rows written     %,d%n"
                        + "input sha256     %s%n"
                        + "result sha256    %s%n"
                        + "took             %.1f s",
                rowsRead,
                rowsAggregated,
                invalidRows,
                repeatedHeaders,
                playsIn,
                playsOut,
                rowsWritten,
                inputSha256,
                resultSha256,
                elapsed.toMillis() / 1000.0);
    }
}

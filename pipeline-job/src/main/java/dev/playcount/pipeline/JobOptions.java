package dev.playcount.pipeline;

import dev.playcount.core.csv.InvalidRowPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything one run needs.
 *
 * @param rejects where the rejects CSV goes under {@link InvalidRowPolicy#SKIP}, or null
 * @param splitBytes bytes per input split, or 0 for one split per parallel reader
 * @param combinerEntries distinct keys a reader sums before it flushes them downstream
 * @param followUpload null for a complete input; else the input is still being uploaded: the job
 *     reads it as it grows, ends when its upload marker says it is complete, and fails when the
 *     upload breaks or sends nothing for this long
 */
public record JobOptions(
        Path input,
        Path output,
        int parallelism,
        InvalidRowPolicy invalidRows,
        Path rejects,
        Aggregation aggregation,
        long splitBytes,
        int combinerEntries,
        Duration followUpload) {

    public static final int DEFAULT_COMBINER_ENTRIES = 1 << 17;

    public JobOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "parallelism must be at least 1, got " + parallelism);
        }
        if (rejects != null && invalidRows != InvalidRowPolicy.SKIP) {
            throw new IllegalArgumentException("--rejects needs --invalid-rows skip");
        }
        if (splitBytes < 0) {
            throw new IllegalArgumentException("split size must not be negative");
        }
        if (combinerEntries < 1) {
            throw new IllegalArgumentException("combiner entries must be at least 1");
        }
        if (followUpload != null && (followUpload.isNegative() || followUpload.isZero())) {
            throw new IllegalArgumentException("the upload's idle timeout must be positive");
        }
    }

    /** The options before {@code followUpload}: a complete input. */
    public JobOptions(
            Path input,
            Path output,
            int parallelism,
            InvalidRowPolicy invalidRows,
            Path rejects,
            Aggregation aggregation,
            long splitBytes,
            int combinerEntries) {
        this(
                input,
                output,
                parallelism,
                invalidRows,
                rejects,
                aggregation,
                splitBytes,
                combinerEntries,
                null);
    }

    /** Defaults for everything but the files. */
    public static JobOptions of(Path input, Path output) {
        return new JobOptions(
                input,
                output,
                Runtime.getRuntime().availableProcessors(),
                InvalidRowPolicy.FAIL,
                null,
                Aggregation.ROCKSDB,
                0,
                DEFAULT_COMBINER_ENTRIES);
    }

    public JobOptions withParallelism(int p) {
        return new JobOptions(
                input,
                output,
                p,
                invalidRows,
                rejects,
                aggregation,
                splitBytes,
                combinerEntries,
                followUpload);
    }

    public JobOptions withInvalidRows(InvalidRowPolicy policy, Path rejectsFile) {
        return new JobOptions(
                input,
                output,
                parallelism,
                policy,
                rejectsFile,
                aggregation,
                splitBytes,
                combinerEntries,
                followUpload);
    }

    public JobOptions withAggregation(Aggregation a) {
        return new JobOptions(
                input,
                output,
                parallelism,
                invalidRows,
                rejects,
                a,
                splitBytes,
                combinerEntries,
                followUpload);
    }

    public JobOptions withSplitBytes(long bytes) {
        return new JobOptions(
                input,
                output,
                parallelism,
                invalidRows,
                rejects,
                aggregation,
                bytes,
                combinerEntries,
                followUpload);
    }

    /** Reads the input while it is uploaded; see {@code followUpload}. */
    public JobOptions followingUpload(Duration idleTimeout) {
        return new JobOptions(
                input,
                output,
                parallelism,
                invalidRows,
                rejects,
                aggregation,
                splitBytes,
                combinerEntries,
                idleTimeout);
    }

    public JobOptions withCombinerEntries(int entries) {
        return new JobOptions(
                input,
                output,
                parallelism,
                invalidRows,
                rejects,
                aggregation,
                splitBytes,
                entries,
                followUpload);
    }
}

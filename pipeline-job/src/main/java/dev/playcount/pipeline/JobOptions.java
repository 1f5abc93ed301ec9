package dev.playcount.pipeline;

import dev.playcount.core.csv.InvalidRowPolicy;
import java.nio.file.Path;

/**
 * Everything one run needs.
 *
 * @param rejects where the rejects CSV goes under {@link InvalidRowPolicy#SKIP}, or null
 * @param splitBytes bytes per input split, or 0 for one split per parallel reader
 * @param combinerEntries distinct keys a reader sums before it flushes them downstream
 */
public record JobOptions(
        Path input,
        Path output,
        int parallelism,
        InvalidRowPolicy invalidRows,
        Path rejects,
        Aggregation aggregation,
        long splitBytes,
        int combinerEntries) {

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
                input, output, p, invalidRows, rejects, aggregation, splitBytes, combinerEntries);
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
                combinerEntries);
    }

    public JobOptions withAggregation(Aggregation a) {
        return new JobOptions(
                input, output, parallelism, invalidRows, rejects, a, splitBytes, combinerEntries);
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
                combinerEntries);
    }

    public JobOptions withCombinerEntries(int entries) {
        return new JobOptions(
                input, output, parallelism, invalidRows, rejects, aggregation, splitBytes, entries);
    }
}

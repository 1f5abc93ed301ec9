package dev.playcount.pipeline.progress;

import java.util.Locale;

/**
 * Turns a job's {@link JobFacts} into its phase, the phase's percent and an overall percent.
 *
 * <p>Each phase owns a fixed band of the overall bar and moves through it with its own percent:
 * reading 0-25, summing 25-60, writing 60-100. Fixed bands keep the overall percent monotone
 * without remembering earlier polls (phases only move forward and each phase's counts only grow)
 * and below 100 until the job has finished. The widths are what runs with many distinct keys
 * measured on 2 cores (the runs that take minutes, where progress matters): 3M rows of 3M keys
 * spent 25% of the time reading, 47% summing, 28% writing; 10M rows of 4M keys 13/41/46. When keys
 * repeat (the seed sample) reading is nearly the whole run, which takes seconds, and the bar jumps
 * from 25 to the end once the readers are done: before then nobody knows how many partial sums will
 * follow.
 *
 * <p>A pipelined job (the CLI's) adds partial sums up while it reads, so reading owns 0-60, what
 * summing is left after the last byte 60-65, and writing 65-100 (20M keys on 2 cores: about 70% of
 * the job reading and summing, 30% writing). Its bands are wider at the start, so a job seen as
 * pipelined from its second poll on still only moves up.
 */
public final class ProgressModel {

    private static final double READ_END = 25;
    private static final double SUM_END = 60;
    private static final double PIPELINED_READ_END = 60;
    private static final double PIPELINED_SUM_END = 65;
    private static final double WRITE_END = 100;

    /** Below 100 until the job has finished: the last percent belongs to the end itself. */
    private static final double MAX_RUNNING = 99.9;

    /**
     * The share of writing spent emitting the totals, when a separate writer then puts them into
     * the file (measured: 10 s of 13 s with 3M keys, 19 s of 29 s with 4M keys).
     */
    private static final double EMIT_SHARE = 0.7;

    private ProgressModel() {}

    /**
     * @param totalBytes the input's size
     */
    public static JobProgress of(JobFacts f, long totalBytes) {
        if (f.jobFinished()) {
            return new JobProgress(
                    Phase.WRITING,
                    100,
                    100,
                    f.rowsRead(),
                    f.bytesRead(),
                    true,
                    String.format(Locale.ROOT, "%,d rows read, all written", f.rowsRead()));
        }
        if (!f.readerFinished()) {
            double read = totalBytes > 0 ? (double) f.bytesRead() / totalBytes : 0;
            return at(
                    Phase.READING,
                    read,
                    f,
                    String.format(
                            Locale.ROOT,
                            "%,d of %,d bytes, %,d rows",
                            f.bytesRead(),
                            totalBytes,
                            f.rowsRead()));
        }
        long sums = Math.max(f.partialSums(), f.sumsIn());
        double emitted = emitted(f);
        boolean writing = f.summerFinished() || emitted > 0 && f.sumsIn() >= sums;
        if (!writing && f.writtenFraction() == 0) {
            double summed = sums > 0 ? (double) f.sumsIn() / sums : f.partialSums() == 0 ? 1 : 0;
            return at(
                    Phase.SUMMING,
                    summed,
                    f,
                    String.format(Locale.ROOT, "%,d of %,d partial sums", f.sumsIn(), sums));
        }
        return writing(f, emitted);
    }

    private static JobProgress writing(JobFacts f, double emitted) {
        long keys =
                f.keysTotal() >= 0
                        ? f.keysTotal()
                        : f.writtenFraction() > 0
                                ? Math.round(f.keysWritten() / f.writtenFraction())
                                : -1;
        if (f.writerChained() || !f.summerFinished()) {
            String detail =
                    keys < 0
                            ? String.format(Locale.ROOT, "%,d keys", f.keysWritten())
                            : String.format(
                                    Locale.ROOT,
                                    "%,d of %s%,d keys",
                                    f.keysWritten(),
                                    f.keysTotal() >= 0 ? "" : "about ",
                                    keys);
            return at(Phase.WRITING, f.writerChained() ? emitted : EMIT_SHARE * emitted, f, detail);
        }
        double filed =
                f.writerFinished()
                        ? 1
                        : keys > 0 ? (double) f.rowsToFile() / keys : keys == 0 ? 1 : 0;
        return at(
                Phase.WRITING,
                EMIT_SHARE + (1 - EMIT_SHARE) * Math.min(1, filed),
                f,
                String.format(Locale.ROOT, "%,d of %,d rows into the file", f.rowsToFile(), keys));
    }

    /**
     * The share of keys the summer has emitted: its own estimate, or, where it gives none (the
     * sort-based mode), keys written over partial sums taken in, which can only be lower (there are
     * never more keys than partial sums).
     */
    private static double emitted(JobFacts f) {
        if (f.summerFinished()) {
            return 1;
        }
        double lowerBound = f.sumsIn() > 0 ? (double) f.keysWritten() / f.sumsIn() : 0;
        return Math.min(1, Math.max(f.writtenFraction(), lowerBound));
    }

    private static JobProgress at(Phase phase, double fraction, JobFacts f, String detail) {
        double share = Math.max(0, Math.min(1, fraction));
        double readEnd = f.pipelined() ? PIPELINED_READ_END : READ_END;
        double sumEnd = f.pipelined() ? PIPELINED_SUM_END : SUM_END;
        double start =
                switch (phase) {
                    case READING -> 0;
                    case SUMMING -> readEnd;
                    case WRITING -> sumEnd;
                };
        double end =
                switch (phase) {
                    case READING -> readEnd;
                    case SUMMING -> sumEnd;
                    case WRITING -> WRITE_END;
                };
        return new JobProgress(
                phase,
                tenths(100 * share),
                Math.min(MAX_RUNNING, tenths(start + (end - start) * share)),
                f.rowsRead(),
                f.bytesRead(),
                false,
                detail);
    }

    private static double tenths(double percent) {
        return Math.floor(percent * 10 + 1e-9) / 10;
    }
}

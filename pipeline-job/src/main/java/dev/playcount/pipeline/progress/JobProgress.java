package dev.playcount.pipeline.progress;

/**
 * How far a job is: its phase, the phase's own percent, the whole run's percent (monotone, below
 * 100 until the job has finished), the rows and bytes read, and the phase's counts in words.
 *
 * @param detail what the phase percent is made of, e.g. {@code 12,000,000 of 40,000,000 partial
 *     sums}
 */
public record JobProgress(
        Phase phase,
        double phasePercent,
        double percent,
        long rowsRead,
        long bytesRead,
        boolean finished,
        String detail) {}

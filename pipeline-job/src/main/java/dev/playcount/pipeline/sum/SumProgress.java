package dev.playcount.pipeline.sum;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The summing stage's progress as Flink metrics of its operator, per subtask: counters are summed
 * over subtasks by whoever reports progress, the written fraction is averaged.
 */
public final class SumProgress {

    /** Partial sums this subtask has taken in (the readers' partial sums are the total). */
    public static final String SUMS_IN = "playcountSumsIn";

    /** Totals this subtask has emitted to the result. */
    public static final String KEYS_WRITTEN = "playcountKeysWritten";

    /**
     * Parts per million of this subtask's keys emitted so far: 0 until it starts writing, 1,000,000
     * once it has written all of them.
     */
    public static final String WRITTEN_PPM = "playcountWrittenPpm";

    final Counter sumsIn;
    final Counter keysWritten;
    private volatile long writtenPpm;

    private SumProgress(MetricGroup group) {
        sumsIn = group.counter(SUMS_IN);
        keysWritten = group.counter(KEYS_WRITTEN);
        group.<Long, org.apache.flink.metrics.Gauge<Long>>gauge(WRITTEN_PPM, () -> writtenPpm);
    }

    static SumProgress registeredIn(MetricGroup group) {
        return new SumProgress(group);
    }

    double writtenFraction() {
        return writtenPpm / 1e6;
    }

    long writtenPpm() {
        return writtenPpm;
    }

    /** Records how much of this subtask's output is written, as a fraction from 0 to 1. */
    void written(double fraction) {
        writtenPpm = Math.max(writtenPpm, Math.min(1_000_000L, (long) (fraction * 1_000_000)));
    }
}

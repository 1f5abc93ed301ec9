package dev.playcount.pipeline.source;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;

/**
 * Bytes and rows read by one parallel reader, as Flink metrics: the FileSource reports no bytes
 * read, and progress (percent of the input) is computed from these.
 */
public final class ReadProgress {

    /** Metric names, summed over subtasks by whoever reports progress. */
    public static final String BYTES_READ = "playcountBytesRead";

    public static final String ROWS_READ = "playcountRowsRead";

    final Counter bytesRead;
    final Counter rowsRead;

    private ReadProgress(Counter bytesRead, Counter rowsRead) {
        this.bytesRead = bytesRead;
        this.rowsRead = rowsRead;
    }

    static ReadProgress registeredIn(MetricGroup group) {
        return new ReadProgress(group.counter(BYTES_READ), group.counter(ROWS_READ));
    }

    static ReadProgress unregistered() {
        return new ReadProgress(new SimpleCounter(), new SimpleCounter());
    }
}

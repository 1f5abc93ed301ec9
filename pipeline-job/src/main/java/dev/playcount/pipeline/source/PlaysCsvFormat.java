package dev.playcount.pipeline.source;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.pipeline.model.SourceEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.metrics.MetricGroup;

/**
 * The play-count CSV as a splittable Flink format (splits come from {@link RecordAlignedSplitter}).
 */
public final class PlaysCsvFormat implements BulkFormat<SourceEvent, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    private final InvalidRowPolicy policy;
    private final int combinerEntries;
    private final transient MetricGroup metrics;

    public PlaysCsvFormat(InvalidRowPolicy policy, int combinerEntries) {
        this(policy, combinerEntries, null);
    }

    private PlaysCsvFormat(InvalidRowPolicy policy, int combinerEntries, MetricGroup metrics) {
        this.policy = policy;
        this.combinerEntries = combinerEntries;
        this.metrics = metrics;
    }

    /** The same format reporting progress in a reader's metric group. */
    PlaysCsvFormat reportingTo(MetricGroup group) {
        return new PlaysCsvFormat(policy, combinerEntries, group);
    }

    @Override
    public Reader<SourceEvent> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        ReadProgress progress =
                metrics == null ? ReadProgress.unregistered() : ReadProgress.registeredIn(metrics);
        return new PlaysSplitReader(split, policy, combinerEntries, progress);
    }

    @Override
    public Reader<SourceEvent> restoreReader(Configuration config, FileSourceSplit split) {
        throw new IllegalStateException(
                "the job runs in BATCH mode, which never checkpoints a reader position");
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<SourceEvent> getProducedType() {
        return TypeInformation.of(SourceEvent.class);
    }
}

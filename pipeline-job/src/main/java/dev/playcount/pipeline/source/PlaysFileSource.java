package dev.playcount.pipeline.source;

import dev.playcount.pipeline.model.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.file.src.AbstractFileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.assigners.LocalityAwareSplitAssigner;
import org.apache.flink.connector.file.src.impl.FileSourceReader;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded FileSource over one CSV file, read in parallel record-aligned splits.
 *
 * <p>It differs from {@code FileSource} only in handing each reader its metric group, so progress
 * (bytes and rows read) can be reported.
 */
public final class PlaysFileSource extends AbstractFileSource<SourceEvent, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    private final PlaysCsvFormat format;

    /**
     * @param splitBytes bytes per split, or 0 for one split per parallel reader
     * @param plan split boundaries computed before the job, or null
     */
    public PlaysFileSource(Path input, PlaysCsvFormat format, long splitBytes, SplitPlan plan) {
        super(
                new Path[] {input},
                () -> new RecordAlignedSplitter(splitBytes, plan),
                LocalityAwareSplitAssigner::new,
                format,
                null);
        this.format = format;
    }

    @Override
    public SourceReader<SourceEvent, FileSourceSplit> createReader(SourceReaderContext context) {
        return new FileSourceReader<>(
                context, format.reportingTo(context.metricGroup()), context.getConfiguration());
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return FileSourceSplitSerializer.INSTANCE;
    }
}

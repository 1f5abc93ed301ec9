package dev.playcount.pipeline.source;

import dev.playcount.pipeline.model.SourceEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.impl.FileSourceReader;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source over one CSV file that is still being uploaded: splits are handed out as the
 * bytes land ({@link GrowingSplitEnumerator}), read by the same readers as a complete file's, and
 * the source ends once the upload's marker says it is complete.
 */
public final class GrowingPlaysSource
        implements Source<SourceEvent, FileSourceSplit, Long>, ResultTypeQueryable<SourceEvent> {

    private static final long serialVersionUID = 1L;

    /** Bytes per split when none is asked for: large enough that each reader's sums pay off. */
    static final long DEFAULT_SPLIT_BYTES = 32L << 20;

    /** How often the enumerator looks at the file: idle waiting costs a stat call per poll. */
    static final long POLL_MILLIS = 100;

    private final PlaysCsvFormat format;
    private final GrowingInput.Settings settings;

    /**
     * @param splitBytes bytes per split, or 0 for the default
     * @param idleTimeout how long the upload may send nothing before the job fails
     */
    public GrowingPlaysSource(
            Path input, PlaysCsvFormat format, long splitBytes, Duration idleTimeout) {
        this.format = format;
        this.settings =
                new GrowingInput.Settings(
                        input, splitBytes > 0 ? splitBytes : DEFAULT_SPLIT_BYTES, idleTimeout);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<SourceEvent, FileSourceSplit> createReader(SourceReaderContext context) {
        return new FileSourceReader<>(
                context, format.reportingTo(context.metricGroup()), context.getConfiguration());
    }

    @Override
    public SplitEnumerator<FileSourceSplit, Long> createEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context) {
        return new GrowingSplitEnumerator(
                context, new GrowingInput(settings, System::nanoTime), POLL_MILLIS);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, Long> restoreEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context, Long checkpoint) {
        // no checkpoints in BATCH mode: follow the file from its start again
        return createEnumerator(context);
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return FileSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<Long> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Long value) throws IOException {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(8);
                new DataOutputStream(bytes).writeLong(value);
                return bytes.toByteArray();
            }

            @Override
            public Long deserialize(int version, byte[] serialized) {
                return ByteBuffer.wrap(serialized).getLong();
            }
        };
    }

    @Override
    public TypeInformation<SourceEvent> getProducedType() {
        return format.getProducedType();
    }
}

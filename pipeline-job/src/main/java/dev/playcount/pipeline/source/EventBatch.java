package dev.playcount.pipeline.source;

import dev.playcount.pipeline.model.PartialSum;
import dev.playcount.pipeline.model.SourceEvent;
import java.util.List;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/**
 * One batch from a reader: rejected rows and tallies, then the entries of a flushed combiner,
 * turned into records one at a time so a full combiner is never copied into a list.
 */
final class EventBatch implements BulkFormat.RecordIterator<SourceEvent> {

    private final List<SourceEvent> events;
    private final SongDayCombiner flushed;
    private final MutableRecordAndPosition<SourceEvent> current = new MutableRecordAndPosition<>();
    private int nextEvent;
    private long emitted;

    EventBatch(List<SourceEvent> events, SongDayCombiner flushed) {
        this.events = events;
        this.flushed = flushed;
    }

    @Override
    public RecordAndPosition<SourceEvent> next() {
        SourceEvent event;
        if (nextEvent < events.size()) {
            event = events.get(nextEvent++);
        } else {
            PartialSum total = flushed == null ? null : flushed.next();
            if (total == null) {
                return null;
            }
            event = SourceEvent.of(total);
        }
        // BATCH jobs never checkpoint, so positions are never used to resume.
        current.set(event, CheckpointedPosition.NO_OFFSET, ++emitted);
        return current;
    }

    @Override
    public void releaseBatch() {}
}

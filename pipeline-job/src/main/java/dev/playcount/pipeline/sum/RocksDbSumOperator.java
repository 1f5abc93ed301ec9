package dev.playcount.pipeline.sum;

import dev.playcount.pipeline.model.SongDayPlays;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums plays per key in RocksDB keyed state and emits each total once, at end of input.
 *
 * <p>Each partial sum is appended to list state (a RocksDB merge: a write, no read), and one scan
 * over all keys at the end adds them up. With 20M keys a prototype took 139 s this way and over 480
 * s with reduce and a timer per key (a read and two writes per record).
 */
public final class RocksDbSumOperator extends AbstractStreamOperator<SongDayPlays>
        implements OneInputStreamOperator<SongDayPlays, SongDayPlays>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final ListStateDescriptor<Long> descriptor =
            new ListStateDescriptor<>("partial-sums", Types.LONG);

    private transient ListState<Long> partialSums;
    private transient SumProgress progress;

    @Override
    public void open() throws Exception {
        super.open();
        partialSums = getRuntimeContext().getListState(descriptor);
        progress = SumProgress.registeredIn(getMetricGroup());
    }

    @Override
    public void processElement(StreamRecord<SongDayPlays> element) throws Exception {
        partialSums.add(element.getValue().plays);
        progress.sumsIn.inc();
    }

    @Override
    public void endInput() throws Exception {
        if (getKeyedStateBackend() instanceof RocksDBKeyedStateBackend<?> rocksDb) {
            // Appends leave many overlapping files and unmerged operands; without a compaction the
            // scan's point reads searched them all (minutes per 10M keys instead of seconds).
            rocksDb.compactState(descriptor);
        }
        StreamRecord<SongDayPlays> out = new StreamRecord<>(null);
        getKeyedStateBackend()
                .<VoidNamespace, ListState<Long>, java.util.List<Long>>applyToAllKeys(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        descriptor,
                        (key, state) -> {
                            @SuppressWarnings("unchecked")
                            Tuple2<String, Integer> songDay = (Tuple2<String, Integer>) key;
                            long total = 0;
                            for (Long plays : state.get()) {
                                total += plays;
                                if (total < 0) {
                                    throw PlaysOverflowException.of(songDay.f0, songDay.f1);
                                }
                            }
                            output.collect(
                                    out.replace(new SongDayPlays(songDay.f0, songDay.f1, total)));
                            progress.keysWritten.inc();
                        });
        progress.written(1);
    }
}

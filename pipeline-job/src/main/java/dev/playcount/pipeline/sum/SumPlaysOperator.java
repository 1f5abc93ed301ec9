package dev.playcount.pipeline.sum;

import dev.playcount.pipeline.PipelineException;
import dev.playcount.pipeline.model.KeyHash;
import dev.playcount.pipeline.model.PartialSum;
import dev.playcount.pipeline.model.SongDayPlays;
import java.io.File;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.memory.ManagedMemoryUseCase;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.runtime.execution.Environment;
import org.apache.flink.runtime.memory.MemoryManager;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums plays per (song, day) in a hash table in the operator's share of Flink managed memory, and
 * emits each total once, at end of input.
 *
 * <p>When the table is full its entries go, sorted, into RocksDB on local disk ({@link
 * RocksDbSpill}) and the table starts again empty; at the end the last table joins them and one
 * ordered scan adds up every key. Input with fewer keys than the table holds never touches disk.
 * Memory is what the slot's managed memory gives this operator, whatever the input.
 */
public final class SumPlaysOperator extends AbstractStreamOperator<SongDayPlays>
        implements OneInputStreamOperator<PartialSum, SongDayPlays>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** Below this the table would spill after every few hundred keys. */
    static final long MIN_MEMORY = 256L << 10;

    /** RocksDB's block cache (index blocks and the scan's data blocks) comes out of the budget. */
    private static final long MAX_CACHE = 16L << 20;

    private transient long reserved;
    private transient MemorySegment memory;
    private transient SumTable table;
    private transient RocksDbSpill spill;
    private transient SumProgress progress;
    private transient long cacheBytes;
    private transient File spillFolder;

    @Override
    public void open() throws Exception {
        super.open();
        Environment environment = getContainingTask().getEnvironment();
        MemoryManager memoryManager = environment.getMemoryManager();
        long budget =
                memoryManager.computeMemorySize(
                        getOperatorConfig()
                                .getManagedMemoryFractionOperatorUseCaseOfSlot(
                                        ManagedMemoryUseCase.OPERATOR,
                                        environment.getJobConfiguration(),
                                        environment.getTaskManagerInfo().getConfiguration(),
                                        getUserCodeClassloader()));
        if (budget < MIN_MEMORY) {
            throw new PipelineException(
                    "sum-plays got "
                            + budget
                            + " bytes of managed memory, needs at least "
                            + MIN_MEMORY
                            + ": raise "
                            + TaskManagerOptions.MANAGED_MEMORY_SIZE.key());
        }
        memoryManager.reserveMemory(this, budget);
        reserved = budget;
        cacheBytes = Math.min(MAX_CACHE, budget / 8);
        int tableBytes = (int) Math.min(Integer.MAX_VALUE - 7, budget - cacheBytes);
        memory = MemorySegmentFactory.allocateOffHeapUnsafeMemory(tableBytes, this, () -> {});
        table = new SumTable(memory);
        progress = SumProgress.registeredIn(getMetricGroup());
        File[] folders = environment.getIOManager().getSpillingDirectories();
        spillFolder =
                folders[getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() % folders.length];
    }

    @Override
    public void processElement(StreamRecord<PartialSum> element) throws Exception {
        PartialSum partial = element.getValue();
        byte[] song = partial.song;
        long hash = partial.hash;
        if (!table.add(hash, song, song.length, partial.day, partial.plays)) {
            if (song.length > table.maxSongBytes()) {
                throw new PipelineException(
                        "a song of "
                                + song.length
                                + " bytes does not fit in sum-plays' managed memory: raise "
                                + TaskManagerOptions.MANAGED_MEMORY_SIZE.key());
            }
            spillTable();
            table.add(hash, song, song.length, partial.day, partial.plays);
        }
        progress.sumsIn.inc();
    }

    private void spillTable() throws Exception {
        if (spill == null) {
            spill = RocksDbSpill.open(spillFolder.toPath(), cacheBytes);
        }
        spill.spill(table);
        table.clear();
    }

    @Override
    public void endInput() throws Exception {
        SongDayPlays total = new SongDayPlays();
        StreamRecord<SongDayPlays> out = new StreamRecord<>(total);
        if (spill == null) {
            double size = table.size();
            long[] written = {0};
            table.forEach(
                    entry -> {
                        total.song = table.song(entry);
                        total.day = table.day(entry);
                        total.plays = table.plays(entry);
                        output.collect(out);
                        progress.keysWritten.inc();
                        progress.written(++written[0] / size);
                    });
        } else {
            spillTable();
            LOG.info(
                    "sum-plays: scanning {} partial sums in {} runs spilled to RocksDB",
                    spill.spilledEntries(),
                    spill.runs());
            spill.forEachTotal(
                    (hash, song, day, plays) -> {
                        total.song = song;
                        total.day = day;
                        total.plays = plays;
                        output.collect(out);
                        progress.keysWritten.inc();
                        progress.written(KeyHash.fraction(hash));
                    });
        }
        progress.written(1);
    }

    SumProgress progress() {
        return progress;
    }

    /** Sorted runs spilled to RocksDB so far. */
    int spilledRuns() {
        return spill == null ? 0 : spill.runs();
    }

    @Override
    public void close() throws Exception {
        try {
            if (spill != null) {
                spill.close();
                spill = null;
            }
        } finally {
            if (memory != null) {
                memory.free();
                memory = null;
            }
            if (reserved > 0) {
                getContainingTask()
                        .getEnvironment()
                        .getMemoryManager()
                        .releaseMemory(this, reserved);
                reserved = 0;
            }
            super.close();
        }
    }
}

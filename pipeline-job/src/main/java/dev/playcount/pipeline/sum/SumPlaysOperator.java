package dev.playcount.pipeline.sum;

import dev.playcount.core.error.PipelineException;
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
 * <p>When the table is full its entries go, cut into buckets by hash, into RocksDB on local disk
 * ({@link RocksDbSpill}) and the table starts again empty; at the end the last table joins them,
 * and the same table adds up one bucket's blocks from every run at a time. Input with fewer keys
 * than the table holds never touches disk. Memory is what the slot's managed memory gives this
 * operator, whatever the input.
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
    private transient StreamRecord<SongDayPlays> out;

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
        out = new StreamRecord<>(new SongDayPlays());
        File[] folders = environment.getIOManager().getSpillingDirectories();
        spillFolder =
                folders[getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() % folders.length];
    }

    @Override
    public void processElement(StreamRecord<PartialSum> element) throws Exception {
        PartialSum partial = element.getValue();
        byte[] song = partial.song;
        long hash = partial.hash;
        if (!table.add(hash, song, 0, song.length, partial.day, partial.plays)) {
            if (song.length > table.maxSongBytes()) {
                throw new PipelineException(
                        "a song of "
                                + song.length
                                + " bytes does not fit in sum-plays' managed memory: raise "
                                + TaskManagerOptions.MANAGED_MEMORY_SIZE.key());
            }
            spillTable();
            if (!table.add(hash, song, 0, song.length, partial.day, partial.plays)) {
                // an empty table takes any key that fits: never drop a partial sum quietly
                throw new IllegalStateException("an empty sum table refused a key");
            }
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
        if (spill == null) {
            emitTable(1.0);
        } else {
            spillTable();
            LOG.info(
                    "sum-plays: adding up {} partial sums spilled to RocksDB in {} runs",
                    spill.spilledEntries(),
                    spill.runs());
            spill.forEachBucket(
                    new RocksDbSpill.BucketVisitor() {
                        @Override
                        public void block(int bucket, byte[] block, int length) {
                            addBlock(block, length);
                        }

                        @Override
                        public void bucketDone(int bucket) {
                            emitTable((bucket + 1.0) / RocksDbSpill.BUCKETS);
                            table.clear();
                        }
                    });
        }
        progress.written(1);
    }

    /** Adds one spilled block to the table, which holds only this bucket's keys. */
    private void addBlock(byte[] block, int length) {
        for (int at = 0; at < length; ) {
            long hash = (long) SumTable.LONGS.get(block, at);
            long plays = (long) SumTable.LONGS.get(block, at + 8);
            int day = (int) SumTable.INTS.get(block, at + 16);
            int songLength = (int) SumTable.INTS.get(block, at + 20);
            // a bucket's keys share their hash's top bits, which pick the table's home slots
            long spread = Long.rotateLeft(hash, RocksDbSpill.BUCKET_BITS);
            if (!table.add(spread, block, at + SumTable.HEADER, songLength, day, plays)) {
                throw new PipelineException(
                        "sum-plays: one 1/"
                                + RocksDbSpill.BUCKETS
                                + " of the keys does not fit in its managed memory: raise "
                                + TaskManagerOptions.MANAGED_MEMORY_SIZE.key());
            }
            at += SumTable.HEADER + songLength;
        }
    }

    /** Emits every total in the table; {@code done} is the share of all keys written after. */
    private void emitTable(double done) {
        double before = progress.writtenFraction();
        double size = table.size();
        long[] written = {0};
        table.forEach(
                entry -> {
                    out.getValue().song = table.song(entry);
                    out.getValue().day = table.day(entry);
                    out.getValue().plays = table.plays(entry);
                    output.collect(out);
                    progress.keysWritten.inc();
                    progress.written(before + (done - before) * (++written[0] / size));
                });
        progress.written(done);
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

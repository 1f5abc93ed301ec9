package dev.playcount.pipeline.sum;

import dev.playcount.core.io.Folders;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.EnvOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SstFileWriter;

/**
 * Partial sums that did not fit in memory, kept in RocksDB on local disk, radix-partitioned by hash
 * as in DuckDB's external aggregation.
 *
 * <p>A full {@link SumTable} is cut into {@link #BUCKETS} buckets by the top bits of its keys'
 * hashes; each bucket's entries become one value under the key {@code bucket | run} (both
 * big-endian), all of a run in one SST file that RocksDB ingests without a memtable, a write-ahead
 * log or a compaction. At the end one ordered iterator hands over a bucket's blocks from every run
 * together, so the final sums of a bucket (1/65,536 of the keys) fit in a small table in cache.
 * RocksDB sees one call per bucket and run instead of one per key: per key, its JNI calls alone
 * cost more than the whole Java side.
 */
final class RocksDbSpill implements AutoCloseable {

    static final int BUCKET_BITS = 16;
    static final int BUCKETS = 1 << BUCKET_BITS;

    private static final VarHandle BIG_ENDIAN_INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final Path dir;
    private final LRUCache cache;
    private final Options options;
    private final EnvOptions envOptions;
    private final RocksDB db;
    private final int[] bucketStarts = new int[BUCKETS + 1];
    private final byte[] key = new byte[8];
    private int runs;
    private long spilledEntries;

    private RocksDbSpill(Path dir, long cacheBytes) throws RocksDBException {
        this.dir = dir;
        RocksDB.loadLibrary();
        cache = new LRUCache(cacheBytes);
        options =
                new Options()
                        .setCreateIfMissing(true)
                        .setCompressionType(CompressionType.NO_COMPRESSION)
                        // runs are ingested, never compacted: every key is written once
                        .setDisableAutoCompactions(true)
                        .setLevel0SlowdownWritesTrigger(Integer.MAX_VALUE)
                        .setLevel0StopWritesTrigger(Integer.MAX_VALUE)
                        .setMaxOpenFiles(-1)
                        .setInfoLogLevel(InfoLogLevel.ERROR_LEVEL)
                        .setKeepLogFileNum(1)
                        .setTableFormatConfig(
                                new BlockBasedTableConfig()
                                        .setBlockCache(cache)
                                        .setBlockSize(64 * 1024)
                                        .setCacheIndexAndFilterBlocks(true));
        envOptions = new EnvOptions();
        db = RocksDB.open(options, dir.resolve("db").toString());
    }

    /** Opens an empty store in a new folder under {@code parent}, deleted again on close. */
    static RocksDbSpill open(Path parent, long cacheBytes) throws IOException {
        Path dir = Files.createTempDirectory(parent, "playcount-sums-");
        try {
            return new RocksDbSpill(dir, cacheBytes);
        } catch (RocksDBException e) {
            Folders.deleteRecursively(dir);
            throw new IOException("cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
        }
    }

    int runs() {
        return runs;
    }

    long spilledEntries() {
        return spilledEntries;
    }

    /** Writes the table's entries as one run; the table itself is left as it was. */
    void spill(SumTable table) throws IOException {
        int[] entries = table.entriesByBucket(BUCKET_BITS, bucketStarts);
        Path file = dir.resolve("run-" + runs + ".sst");
        try (SstFileWriter writer = new SstFileWriter(envOptions, options)) {
            writer.open(file.toString());
            BIG_ENDIAN_INTS.set(key, 4, runs);
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                int from = bucketStarts[bucket];
                int to = bucketStarts[bucket + 1];
                if (from == to) {
                    continue;
                }
                int bytes = 0;
                for (int i = from; i < to; i++) {
                    bytes += table.entryBytes(entries[i]);
                }
                byte[] block = new byte[bytes];
                int at = 0;
                for (int i = from; i < to; i++) {
                    at = table.copyEntry(entries[i], block, at);
                }
                BIG_ENDIAN_INTS.set(key, 0, bucket);
                writer.put(key, block);
            }
            writer.finish();
            try (IngestExternalFileOptions ingest =
                    new IngestExternalFileOptions().setMoveFiles(true)) {
                db.ingestExternalFile(List.of(file.toString()), ingest);
            }
        } catch (RocksDBException e) {
            throw new IOException(
                    "cannot spill partial sums to " + file + ": " + e.getMessage(), e);
        }
        runs++;
        spilledEntries += entries.length;
    }

    /** Receives the spilled blocks bucket by bucket. */
    interface BucketVisitor {
        /** One run's entries of {@code bucket}, in {@link SumTable#copyEntry}'s format. */
        void block(int bucket, byte[] block, int length) throws Exception;

        /** Every block of {@code bucket} was handed over. */
        void bucketDone(int bucket) throws Exception;
    }

    /** Hands over every bucket's blocks, bucket after bucket in order. */
    void forEachBucket(BucketVisitor visitor) throws Exception {
        byte[] block = new byte[64 * 1024];
        int current = -1;
        try (ReadOptions read = new ReadOptions().setFillCache(false);
                RocksIterator it = db.newIterator(read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                it.key(key);
                int bucket = (int) BIG_ENDIAN_INTS.get(key, 0);
                if (bucket != current && current >= 0) {
                    visitor.bucketDone(current);
                }
                current = bucket;
                int length = it.value(block);
                if (length > block.length) {
                    block = new byte[Math.max(length, block.length * 2)];
                    it.value(block);
                }
                visitor.block(bucket, block, length);
            }
            it.status();
        }
        if (current >= 0) {
            visitor.bucketDone(current);
        }
    }

    @Override
    public void close() {
        db.close();
        options.close();
        envOptions.close();
        cache.close();
        Folders.deleteRecursively(dir);
    }
}

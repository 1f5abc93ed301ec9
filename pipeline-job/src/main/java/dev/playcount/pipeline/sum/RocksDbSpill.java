package dev.playcount.pipeline.sum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
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
import org.rocksdb.StringAppendOperator;

/**
 * Partial sums that did not fit in memory, kept in RocksDB on local disk.
 *
 * <p>RocksDB is fed in bulk: each full {@link SumTable} is sorted and written as one SST file of
 * merge operands ({@link SstFileWriter}), which RocksDB ingests without a memtable, a write-ahead
 * log or a compaction. At the end one ordered iterator reads every key once, RocksDB joining its
 * operands from all files; the sum itself is added up here, where an overflow can be caught (the
 * bundled {@code UInt64AddOperator} would wrap around silently).
 *
 * <p>A key is {@code hash (8, big-endian) | day (4, big-endian) | song bytes}, so keys come back in
 * hash order and the hash tells how far the scan has come.
 */
final class RocksDbSpill implements AutoCloseable {

    /** {@link StringAppendOperator} puts this byte between two 8-byte operands. */
    private static final char DELIMITER = ',';

    private static final int KEY_HEADER = 12;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** Keys up to this length reuse one array per length (JNI copies them, so reuse is safe). */
    private static final int REUSED_KEY_LENGTHS = 256;

    private final byte[][] keyArrays = new byte[REUSED_KEY_LENGTHS][];
    private final byte[] valueArray = new byte[8];

    private final Path dir;
    private final LRUCache cache;
    private final StringAppendOperator merge;
    private final Options options;
    private final EnvOptions envOptions;
    private final RocksDB db;
    private int runs;
    private long spilledEntries;

    private RocksDbSpill(Path dir, long cacheBytes) throws RocksDBException {
        this.dir = dir;
        RocksDB.loadLibrary();
        cache = new LRUCache(cacheBytes);
        merge = new StringAppendOperator(DELIMITER);
        options =
                new Options()
                        .setCreateIfMissing(true)
                        .setMergeOperator(merge)
                        .setCompressionType(CompressionType.NO_COMPRESSION)
                        // files are ingested, never compacted: the scan merges them
                        .setDisableAutoCompactions(true)
                        .setLevel0SlowdownWritesTrigger(Integer.MAX_VALUE)
                        .setLevel0StopWritesTrigger(Integer.MAX_VALUE)
                        .setMaxOpenFiles(-1)
                        .setInfoLogLevel(InfoLogLevel.ERROR_LEVEL)
                        .setKeepLogFileNum(1)
                        .setTableFormatConfig(
                                new BlockBasedTableConfig()
                                        .setBlockCache(cache)
                                        .setBlockSize(32 * 1024)
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
            deleteTree(dir);
            throw new IOException("cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
        }
    }

    int runs() {
        return runs;
    }

    long spilledEntries() {
        return spilledEntries;
    }

    /** Writes the table's entries as one sorted run; the table itself is left as it was. */
    void spill(SumTable table) throws IOException {
        int[] entries = table.sortedEntries();
        Path file = dir.resolve("run-" + runs + ".sst");
        try (SstFileWriter writer = new SstFileWriter(envOptions, options)) {
            writer.open(file.toString());
            for (int entry : entries) {
                byte[] key = keyArray(KEY_HEADER + table.songLength(entry));
                LONGS.set(key, 0, table.hash(entry));
                INTS.set(key, 8, table.day(entry));
                table.songBytes(entry, key, KEY_HEADER);
                LONGS.set(valueArray, 0, table.plays(entry));
                writer.merge(key, valueArray);
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

    private byte[] keyArray(int length) {
        if (length >= REUSED_KEY_LENGTHS) {
            return new byte[length];
        }
        byte[] key = keyArrays[length];
        if (key == null) {
            key = keyArrays[length] = new byte[length];
        }
        return key;
    }

    /** Receives each total of a scan. */
    interface TotalVisitor {
        void visit(long hash, String song, int day, long plays) throws Exception;
    }

    /**
     * Visits every key once, in key order, with its partial sums added up.
     *
     * @throws PlaysOverflowException if a key's total passes 64 bits
     */
    void forEachTotal(TotalVisitor visitor) throws Exception {
        byte[] key = new byte[256];
        byte[] value = new byte[256];
        try (ReadOptions read = new ReadOptions().setFillCache(false);
                RocksIterator it = db.newIterator(read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                int keyLength = it.key(key);
                if (keyLength > key.length) {
                    key = new byte[keyLength * 2];
                    it.key(key);
                }
                int valueLength = it.value(value);
                if (valueLength > value.length) {
                    value = new byte[valueLength * 2];
                    it.value(value);
                }
                String song =
                        new String(key, KEY_HEADER, keyLength - KEY_HEADER, StandardCharsets.UTF_8);
                int day = (int) INTS.get(key, 8);
                visitor.visit(
                        (long) LONGS.get(key, 0), song, day, total(value, valueLength, song, day));
            }
            it.status();
        }
    }

    /** Adds up {@code 8-byte sum (, 8-byte sum)*}. */
    private static long total(byte[] value, int length, String song, int day) {
        long total = 0;
        for (int at = 0; at < length; at += 9) {
            total += (long) LONGS.get(value, at);
            if (total < 0) {
                throw PlaysOverflowException.of(song, day);
            }
        }
        return total;
    }

    @Override
    public void close() {
        db.close();
        options.close();
        envOptions.close();
        merge.close();
        cache.close();
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

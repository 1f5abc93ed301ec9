package dev.playcount.pipeline.source;

import dev.playcount.core.concurrent.NamedThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Cuts one CSV file into splits that start and end on record boundaries.
 *
 * <p>Target offsets are spread evenly; the quotes and line feeds before each target are counted in
 * parallel (parity is additive), and each cut moves forward to the first line feed outside quotes.
 * Local files report one block, so Flink's default enumerator would give one split per file.
 */
public final class RecordAlignedSplitter implements FileEnumerator {

    /** Below this size a file is not worth splitting further (unless a split size is forced). */
    static final long MIN_AUTO_SPLIT_BYTES = 4L << 20;

    private static final int BUFFER = 1 << 20;
    private static final long COUNT_CHUNK_BYTES = 64L << 20;

    private final long splitBytes;
    private final SplitPlan plan;

    /**
     * @param splitBytes bytes per split, or 0 for one split per parallel reader
     * @param plan cuts computed before the job started, or null to compute them here
     */
    public RecordAlignedSplitter(long splitBytes, SplitPlan plan) {
        this.splitBytes = splitBytes;
        this.plan = plan;
    }

    /**
     * Computes the cuts ahead of the job, so a caller can overlap the scan with cluster start-up;
     * the enumerator uses them if the file is unchanged.
     */
    public static SplitPlan plan(Path path, long splitBytes, int parallelism) throws IOException {
        FileSystem fs = path.getFileSystem();
        FileStatus status = fs.getFileStatus(path);
        long length = status.getLen();
        int count = new RecordAlignedSplitter(splitBytes, null).splitCount(length, parallelism);
        return cut(fs, path, length, count).withModificationTime(status.getModificationTime());
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
            throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (Path path : paths) {
            FileSystem fs = path.getFileSystem();
            FileStatus status = fs.getFileStatus(path);
            long length = status.getLen();
            SplitPlan cuts =
                    plan != null && plan.matches(length, status.getModificationTime())
                            ? plan
                            : cut(fs, path, length, splitCount(length, minDesiredSplits));
            for (int i = 0; i + 1 < cuts.offsets().length; i++) {
                long start = cuts.offsets()[i];
                long end = cuts.offsets()[i + 1];
                if (end > start || (length == 0 && i == 0)) {
                    splits.add(
                            new FileSourceSplit(
                                    SplitIds.of(splits.size(), cuts.firstLines()[i]),
                                    path,
                                    start,
                                    end - start,
                                    status.getModificationTime(),
                                    length));
                }
            }
        }
        return splits;
    }

    int splitCount(long length, int parallelism) {
        if (splitBytes > 0) {
            long count = (length + splitBytes - 1) / splitBytes;
            return (int) Math.max(1, Math.min(1 << 20, count));
        }
        long bySize = Math.max(1, length / MIN_AUTO_SPLIT_BYTES);
        return (int) Math.max(1, Math.min(parallelism, bySize));
    }

    private static SplitPlan cut(FileSystem fs, Path path, long length, int count)
            throws IOException {
        long[] targets = targets(length, count);
        // the range after the last cut needs no counting
        QuoteParity[] ranges = countRanges(fs, path, java.util.Arrays.copyOf(targets, count));
        return cutAt(fs, path, length, targets, ranges);
    }

    /** Evenly spread target offsets: {@code targets[0] = 0}, {@code targets[count] = length}. */
    private static long[] targets(long length, int count) {
        long[] targets = new long[count + 1];
        for (int i = 1; i < count; i++) {
            targets[i] = length / count * i + Math.min(i, length % count);
        }
        targets[count] = length;
        return targets;
    }

    /**
     * Moves each target forward to a record boundary, given the quotes and line feeds counted in
     * each range between targets (all but the last).
     */
    private static SplitPlan cutAt(
            FileSystem fs, Path path, long length, long[] targets, QuoteParity[] ranges)
            throws IOException {
        int count = targets.length - 1;
        long[] offsets = new long[count + 1];
        long[] firstLines = new long[count + 1];
        offsets[count] = length;
        firstLines[0] = 1;
        long quotesBefore = 0;
        long lineFeedsBefore = 0;
        try (FSDataInputStream in = fs.open(path)) {
            for (int i = 1; i < count; i++) {
                quotesBefore += ranges[i - 1].quotes;
                lineFeedsBefore += ranges[i - 1].lineFeeds;
                if (offsets[i - 1] > targets[i]) {
                    // a quoted field spans this target: the split before it is empty
                    offsets[i] = offsets[i - 1];
                    firstLines[i] = firstLines[i - 1];
                    continue;
                }
                long[] cut = nextRecordStart(in, targets[i], (quotesBefore & 1) == 1, length);
                offsets[i] = cut[0];
                firstLines[i] = 1 + lineFeedsBefore + cut[1];
            }
        }
        return new SplitPlan(offsets, firstLines, length, -1);
    }

    /**
     * The first offset after a line feed outside quotes, at or after {@code from}, and the line
     * feeds passed on the way. Records are short, so a small buffer usually suffices.
     */
    private static long[] nextRecordStart(
            FSDataInputStream in, long from, boolean insideQuotes, long length) throws IOException {
        byte[] buf = new byte[4096];
        long lineFeeds = 0;
        in.seek(from);
        long pos = from;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte c = buf[i];
                if (c == '"') {
                    insideQuotes = !insideQuotes;
                } else if (c == '\n') {
                    lineFeeds++;
                    if (!insideQuotes) {
                        return new long[] {pos + i + 1, lineFeeds};
                    }
                }
            }
            pos += n;
        }
        return new long[] {length, lineFeeds};
    }

    /**
     * Counts quotes and line feeds in each {@code [targets[i], targets[i+1])}, in chunks of at most
     * {@link #COUNT_CHUNK_BYTES} spread over all cores (two splits would otherwise scan on one).
     */
    private static QuoteParity[] countRanges(FileSystem fs, Path path, long[] targets)
            throws IOException {
        int ranges = targets.length - 1;
        QuoteParity[] result = new QuoteParity[ranges];
        if (ranges == 0) {
            return result;
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool =
                Executors.newFixedThreadPool(threads, NamedThreads.daemon("split-scan"));
        try {
            List<List<Future<QuoteParity>>> futures = new ArrayList<>();
            for (int i = 0; i < ranges; i++) {
                List<Future<QuoteParity>> chunks = new ArrayList<>();
                for (long from = targets[i]; from < targets[i + 1]; from += COUNT_CHUNK_BYTES) {
                    long chunkStart = from;
                    long chunkEnd = Math.min(targets[i + 1], from + COUNT_CHUNK_BYTES);
                    chunks.add(pool.submit(() -> count(fs, path, chunkStart, chunkEnd)));
                }
                futures.add(chunks);
            }
            for (int i = 0; i < ranges; i++) {
                result[i] = QuoteParity.zero();
                for (Future<QuoteParity> chunk : futures.get(i)) {
                    result[i].add(chunk.get());
                }
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while splitting " + path, e);
        } catch (ExecutionException e) {
            throw new IOException(
                    "could not scan " + path + " for record boundaries", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static QuoteParity count(FileSystem fs, Path path, long from, long to)
            throws IOException {
        QuoteParity parity = QuoteParity.zero();
        byte[] buf = new byte[(int) Math.max(8, Math.min(BUFFER, to - from))];
        try (FSDataInputStream in = fs.open(path)) {
            in.seek(from);
            long remaining = to - from;
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    break;
                }
                parity.count(buf, 0, n);
                remaining -= n;
            }
        }
        return parity;
    }
}

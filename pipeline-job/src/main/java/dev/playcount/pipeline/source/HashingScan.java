package dev.playcount.pipeline.source;

import dev.playcount.core.concurrent.NamedThreads;
import dev.playcount.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * One sequential pass over the input that computes its SHA-256 and, on the way, counts the quotes
 * and line feeds the split plan needs, so the file is not also scanned separately for splitting.
 *
 * <p>The plan is ready once the pass has crossed the last split target (half the file with two
 * readers), which on a 2-core machine is about when a MiniCluster started alongside is up; the hash
 * is ready at the end, while the job runs.
 */
public final class HashingScan {

    private final CompletableFuture<SplitPlan> plan = new CompletableFuture<>();
    private final CompletableFuture<String> sha256 = new CompletableFuture<>();
    private volatile boolean cancelled;

    private HashingScan() {}

    /** Starts the pass on a thread of its own. */
    public static HashingScan start(java.nio.file.Path input, long splitBytes, int parallelism) {
        HashingScan scan = new HashingScan();
        NamedThreads.daemon("input-scan")
                .newThread(() -> scan.run(input, splitBytes, parallelism))
                .start();
        return scan;
    }

    public CompletableFuture<SplitPlan> plan() {
        return plan;
    }

    public CompletableFuture<String> sha256() {
        return sha256;
    }

    /** Stops the pass early (the run failed); the futures complete exceptionally. */
    public void cancel() {
        cancelled = true;
    }

    private void run(java.nio.file.Path input, long splitBytes, int parallelism) {
        try {
            Path path = Path.fromLocalFile(input.toFile());
            FileSystem fs = path.getFileSystem();
            long length = Files.size(input);
            long modified = fs.getFileStatus(path).getModificationTime();
            int count = new RecordAlignedSplitter(splitBytes, null).splitCount(length, parallelism);
            long[] targets = RecordAlignedSplitter.targets(length, count);
            QuoteParity[] ranges = new QuoteParity[count - 1];
            for (int i = 0; i < ranges.length; i++) {
                ranges[i] = QuoteParity.zero();
            }
            int range = 0;
            if (ranges.length == 0) {
                completePlan(fs, path, length, modified, targets, ranges);
            }
            MessageDigest digest = Sha256.digest();
            byte[] buf = new byte[1 << 20];
            long pos = 0;
            try (InputStream in = Files.newInputStream(input)) {
                int n;
                while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                    if (cancelled) {
                        throw new IOException("cancelled");
                    }
                    digest.update(buf, 0, n);
                    int from = 0;
                    while (range < ranges.length && from < n) {
                        int to = (int) Math.min(n, targets[range + 1] - pos);
                        ranges[range].count(buf, from, to);
                        from = to;
                        if (pos + to == targets[range + 1]) {
                            range++;
                            if (range == ranges.length) {
                                completePlan(fs, path, length, modified, targets, ranges);
                            }
                        }
                    }
                    pos += n;
                }
            }
            if (!plan.isDone()) {
                throw new IOException(input + " changed while it was read");
            }
            sha256.complete(Sha256.hex(digest));
        } catch (IOException | RuntimeException e) {
            plan.completeExceptionally(e);
            sha256.completeExceptionally(e);
        }
    }

    private void completePlan(
            FileSystem fs,
            Path path,
            long length,
            long modified,
            long[] targets,
            QuoteParity[] ranges)
            throws IOException {
        plan.complete(
                RecordAlignedSplitter.cutAt(fs, path, length, targets, ranges)
                        .withModificationTime(modified));
    }
}

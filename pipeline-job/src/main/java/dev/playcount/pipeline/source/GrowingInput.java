package dev.playcount.pipeline.source;

import dev.playcount.core.error.ErrorCode;
import dev.playcount.core.error.PipelineException;
import dev.playcount.core.upload.UploadMarker;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * An input file still being uploaded, and its upload marker ({@link UploadMarker}): each {@link
 * #poll} reads the bytes that landed since the last one, cuts them into record-aligned splits, and
 * says when the upload is complete, with the file's SHA-256 checked against the marker's.
 *
 * <p>The marker is read before the file's length, so a complete marker makes that length final. One
 * poll reads at most {@link #MAX_BYTES_PER_POLL}, so splits of a file that is already long reach
 * the readers while the rest is scanned.
 */
final class GrowingInput {

    static final long MAX_BYTES_PER_POLL = 128L << 20;

    private static final int BUFFER = 1 << 20;

    /** What one poll found: new splits, and whether they are the last. */
    record Found(List<FileSourceSplit> splits, boolean complete) {}

    /** How long an upload may send nothing before its job gives up; serializable settings. */
    record Settings(Path file, long splitBytes, Duration idleTimeout) implements Serializable {}

    private final Path file;
    private final Path marker;
    private final Duration idleTimeout;
    private final LongSupplier nanoClock;
    private final GrowingFileScanner scanner;
    private final byte[] buf = new byte[BUFFER];
    private long lastGrowth;
    private int splits;
    private boolean done;

    GrowingInput(Settings settings, LongSupplier nanoClock) {
        this.file = settings.file();
        this.marker = new Path(UploadMarker.pathOf(settings.file().toString()));
        this.idleTimeout = settings.idleTimeout();
        this.nanoClock = nanoClock;
        this.scanner = new GrowingFileScanner(settings.splitBytes());
        this.lastGrowth = nanoClock.getAsLong();
    }

    /** The splits whose bytes landed since the last poll; throws when the upload failed. */
    Found poll() throws IOException {
        if (done) {
            return new Found(List.of(), true);
        }
        FileSystem fs = file.getFileSystem();
        UploadMarker end = readMarker(fs);
        if (end != null && !end.complete()) {
            throw broken("the upload broke before it was complete: " + end.reason());
        }
        long length = length(fs);
        if (end != null && length > end.bytes()) {
            throw broken(
                    file
                            + " has "
                            + length
                            + " bytes, more than the "
                            + end.bytes()
                            + " its upload marker says: it changed after the upload");
        }
        List<FileSourceSplit> found = new ArrayList<>();
        if (length > scanner.scanned()) {
            lastGrowth = nanoClock.getAsLong();
            read(fs, Math.min(length, scanner.scanned() + MAX_BYTES_PER_POLL), found);
        } else if (end == null) {
            // a pause: what landed is read now, not once a whole split's worth has arrived, so a
            // slow upload's rows (and a bad row among them) are read while it still runs
            GrowingFileScanner.Cut landed = scanner.flush();
            if (landed != null) {
                found.add(split(landed));
            }
        }
        if (end == null
                && found.isEmpty()
                && nanoClock.getAsLong() - lastGrowth > idleTimeout.toNanos()) {
            throw broken(
                    "the upload sent nothing for "
                            + idleTimeout.toSeconds()
                            + " s and did not complete ("
                            + scanner.scanned()
                            + " bytes arrived)");
        }
        if (end != null && scanner.scanned() == end.bytes()) {
            String sha = scanner.sha256();
            if (!sha.equals(end.sha256())) {
                throw broken(
                        file
                                + " has SHA-256 "
                                + sha
                                + " but its upload stored "
                                + end.sha256()
                                + ": it changed while it was read");
            }
            GrowingFileScanner.Cut last = scanner.finish();
            if (last != null) {
                found.add(split(last));
            }
            done = true;
        }
        return new Found(found, done);
    }

    private void read(FileSystem fs, long upTo, List<FileSourceSplit> found) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            in.seek(scanner.scanned());
            while (scanner.scanned() < upTo) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, upTo - scanner.scanned()));
                if (n < 0) {
                    throw broken(file + " became shorter while it was read: it was replaced");
                }
                for (GrowingFileScanner.Cut cut : scanner.feed(buf, 0, n)) {
                    found.add(split(cut));
                }
            }
        }
    }

    private FileSourceSplit split(GrowingFileScanner.Cut cut) {
        // the split's "file size" is what had landed: its reader reads the header within it
        return new FileSourceSplit(
                SplitIds.of(splits++, cut.firstLine()),
                file,
                cut.start(),
                cut.end() - cut.start(),
                0,
                cut.end());
    }

    private long length(FileSystem fs) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(file);
        } catch (java.io.FileNotFoundException e) {
            throw broken(file + " is gone: the upload was cancelled or cleaned up");
        }
        return status.getLen();
    }

    private UploadMarker readMarker(FileSystem fs) throws IOException {
        if (!fs.exists(marker)) {
            return null;
        }
        byte[] data = new byte[UploadMarker.MAX_BYTES + 1];
        int n = 0;
        try (FSDataInputStream in = fs.open(marker)) {
            int r;
            while (n < data.length && (r = in.read(data, n, data.length - n)) > 0) {
                n += r;
            }
        } catch (java.io.FileNotFoundException e) {
            return null; // replaced at this moment: the next poll reads the new one
        }
        try {
            return UploadMarker.parse(data, n);
        } catch (IllegalArgumentException e) {
            throw broken(marker + ": " + e.getMessage());
        }
    }

    private static PipelineException broken(String message) {
        return new PipelineException(ErrorCode.UPLOAD_BROKEN, message, null, null);
    }
}

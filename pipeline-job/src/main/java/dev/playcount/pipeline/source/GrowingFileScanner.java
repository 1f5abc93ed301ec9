package dev.playcount.pipeline.source;

import dev.playcount.core.io.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a file that is still being written into record-aligned splits, one sequential pass over its
 * bytes in the order they land, and hashes them on the way.
 *
 * <p>A sequential scan from the last cut is exact: the quote parity at each offset follows from
 * every byte before it, which this pass has seen. Bytes are counted eight at a time ({@link
 * QuoteParity}) until a split has its target size, then followed one by one to the next line feed
 * outside quotes, where the split ends (a CR before it stays with its record).
 */
final class GrowingFileScanner {

    /** One record-aligned range of the file and the line number it starts on. */
    record Cut(long start, long end, long firstLine) {}

    private final long targetBytes;
    private final MessageDigest sha = Sha256.digest();
    private final QuoteParity counted = QuoteParity.zero();
    private long scanned;
    private boolean insideQuotes;
    private long lineFeeds;
    private long splitStart;
    private long splitFirstLine = 1;
    private boolean seeking;
    private long lastBoundary;
    private long lastBoundaryLine = 1;

    /**
     * @param targetBytes the least bytes a split holds before it ends at the next record boundary
     */
    GrowingFileScanner(long targetBytes) {
        if (targetBytes < 1) {
            throw new IllegalArgumentException("a split's target size must be at least 1 byte");
        }
        this.targetBytes = targetBytes;
    }

    /** The bytes seen so far: the file's next bytes start at this offset. */
    long scanned() {
        return scanned;
    }

    /** Takes in the file's next {@code length} bytes; returns the splits they completed. */
    List<Cut> feed(byte[] b, int from, int length) {
        sha.update(b, from, length);
        List<Cut> cuts = new ArrayList<>(1);
        int i = from;
        int end = from + length;
        while (i < end) {
            if (!seeking) {
                long toTarget = splitStart + targetBytes - scanned;
                int n = (int) Math.min(end - i, Math.max(0, toTarget));
                count(b, i, n);
                i += n;
                scanned += n;
                noteLastBoundary(b, i - n, i);
                seeking = scanned >= splitStart + targetBytes;
                continue;
            }
            byte c = b[i++];
            scanned++;
            if (c == '"') {
                insideQuotes = !insideQuotes;
            } else if (c == '\n') {
                lineFeeds++;
                if (!insideQuotes) {
                    cuts.add(new Cut(splitStart, scanned, splitFirstLine));
                    splitStart = scanned;
                    splitFirstLine = 1 + lineFeeds;
                    lastBoundary = scanned;
                    lastBoundaryLine = splitFirstLine;
                    seeking = false;
                }
            }
        }
        return cuts;
    }

    private void count(byte[] b, int from, int n) {
        long quotesBefore = counted.quotes;
        long lineFeedsBefore = counted.lineFeeds;
        counted.count(b, from, from + n);
        if (((counted.quotes - quotesBefore) & 1) == 1) {
            insideQuotes = !insideQuotes;
        }
        lineFeeds += counted.lineFeeds - lineFeedsBefore;
    }

    /**
     * Remembers the last record boundary in {@code b[from, to)}, just counted and now ending at
     * {@link #scanned}: walking back from the end, a line feed is outside quotes when the quotes
     * after it leave the parity at the end unchanged. Records are short, so the walk is too.
     */
    private void noteLastBoundary(byte[] b, int from, int to) {
        long quotesAfter = 0;
        long lineFeedsAfter = 0;
        for (int j = to - 1; j >= from; j--) {
            if (b[j] == '"') {
                quotesAfter++;
            } else if (b[j] == '\n') {
                if (insideQuotes == ((quotesAfter & 1) == 1)) {
                    lastBoundary = scanned - (to - 1 - j);
                    lastBoundaryLine = 1 + lineFeeds - lineFeedsAfter;
                    return;
                }
                lineFeedsAfter++;
            }
        }
    }

    /**
     * The records that landed since the last cut, up to the last record boundary seen, or null when
     * there is none: called when the upload pauses, so a slow or stalled upload's rows are read
     * (and a bad row found) without waiting for a split's worth of bytes.
     */
    Cut flush() {
        if (lastBoundary <= splitStart) {
            return null;
        }
        Cut cut = new Cut(splitStart, lastBoundary, splitFirstLine);
        splitStart = lastBoundary;
        splitFirstLine = lastBoundaryLine;
        seeking = scanned >= splitStart + targetBytes;
        return cut;
    }

    /** The split after the last cut once the file is complete, or null when nothing is left. */
    Cut finish() {
        if (scanned == splitStart && scanned > 0) {
            return null;
        }
        Cut last = new Cut(splitStart, scanned, splitFirstLine);
        splitStart = scanned;
        return last;
    }

    /** The SHA-256 of every byte fed, in hex; call once, when the file is complete. */
    String sha256() {
        return Sha256.hex(sha);
    }
}

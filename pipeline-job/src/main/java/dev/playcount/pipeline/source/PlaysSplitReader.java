package dev.playcount.pipeline.source;

import dev.playcount.core.csv.CsvHeader;
import dev.playcount.core.csv.CsvRecord;
import dev.playcount.core.csv.CsvRecordParser;
import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.core.csv.PlayRowDecoder;
import dev.playcount.core.csv.Rows;
import dev.playcount.pipeline.model.PartialSum;
import dev.playcount.pipeline.model.RejectedRow;
import dev.playcount.pipeline.model.SourceEvent;
import dev.playcount.pipeline.model.SplitTally;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads one record-aligned split: parses and validates rows at the byte level and sums them in a
 * {@link SongDayCombiner}, so mostly distinct keys leave the reader.
 *
 * <p>When a full combiner had summed away less than a fifth of its rows (keys barely repeat within
 * its reach), the next {@link #PASS_THROUGH_ROWS} rows skip it and leave as they are: the summing
 * stage's far larger table does that work once instead of twice.
 */
final class PlaysSplitReader implements BulkFormat.Reader<SourceEvent> {

    /** Longer records are invalid rows; this bounds the reader's memory. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    /** Input consumed per batch, so the fetcher thread hands over control now and then. */
    private static final int BATCH_INPUT_BYTES = 16 << 20;

    /** Partial sums per batch when rows pass through, which bounds the batch's heap. */
    private static final int BATCH_EVENTS = 4096;

    static final int PASS_THROUGH_ROWS = 1 << 20;

    private final FileSourceSplit split;
    private final InvalidRowPolicy policy;
    private final int combinerEntries;
    private final ReadProgress progress;
    private final FSDataInputStream in;
    private final long splitEnd;
    private final CsvRecord record;
    private final PlayRowDecoder decoder;
    private final SplitTally tally = new SplitTally();

    private byte[] buf = new byte[MAX_RECORD_BYTES];
    private int pos;
    private int limit;
    private long filePos;
    private long nextLine;
    private SongDayCombiner combiner;
    private long rowsIntoCombiner;
    private long passThrough;
    private long playsHigh;
    private long playsLow;
    private boolean done;

    PlaysSplitReader(
            FileSourceSplit split,
            InvalidRowPolicy policy,
            int combinerEntries,
            ReadProgress progress)
            throws IOException {
        this.split = split;
        this.policy = policy;
        this.combinerEntries = combinerEntries;
        this.progress = progress;
        this.splitEnd = split.offset() + split.length();
        FileSystem fs = split.path().getFileSystem();
        this.in = fs.open(split.path());
        try {
            CsvHeader header;
            nextLine = SplitIds.firstLine(split.splitId());
            filePos = split.offset();
            if (split.offset() == 0) {
                fill();
                header = CsvHeader.read(buf, limit, exhausted());
                record = new CsvRecord(header.columns());
                pos =
                        CsvRecordParser.parse(
                                buf,
                                CsvHeader.bomLength(buf, 0, limit),
                                limit,
                                exhausted(),
                                record);
                nextLine += record.lineFeeds() + 1;
            } else {
                header = readHeader(fs);
                record = new CsvRecord(header.columns());
                in.seek(split.offset());
            }
            decoder = new PlayRowDecoder(header);
            combiner = new SongDayCombiner(combinerEntries);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private CsvHeader readHeader(FileSystem fs) throws IOException {
        try (FSDataInputStream head = fs.open(split.path())) {
            byte[] bytes = new byte[(int) Math.min(MAX_RECORD_BYTES, split.fileSize())];
            int n = 0;
            while (n < bytes.length) {
                int r = head.read(bytes, n, bytes.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return CsvHeader.read(bytes, n, n == split.fileSize());
        }
    }

    @Override
    public BulkFormat.RecordIterator<SourceEvent> readBatch() throws IOException {
        if (done) {
            return null;
        }
        List<SourceEvent> events = new ArrayList<>();
        SongDayCombiner flushed = null;
        long rowsBefore = tally.rowsRead;
        long consumed = 0;
        while (consumed < BATCH_INPUT_BYTES && events.size() < BATCH_EVENTS) {
            if (pos >= limit) {
                if (exhausted()) {
                    flushed = finish(events);
                    break;
                }
                fill();
                continue;
            }
            int next = CsvRecordParser.parse(buf, pos, limit, exhausted(), record);
            if (next == CsvRecordParser.NEED_MORE) {
                if (pos == 0 && limit == buf.length) {
                    skipOversizedRecord(events);
                } else {
                    fill();
                }
                continue;
            }
            long line = nextLine;
            nextLine += record.lineFeeds() + 1;
            consumed += next - pos;
            boolean keepReading = accept(line, events);
            pos = next;
            if (!keepReading) {
                done = true;
                break;
            }
            if (combiner.isFull()) {
                if (combiner.size() * 5L > rowsIntoCombiner * 4) {
                    passThrough = PASS_THROUGH_ROWS;
                }
                rowsIntoCombiner = 0;
                flushed = combiner;
                combiner = new SongDayCombiner(combinerEntries);
                break;
            }
        }
        progress.rowsRead.inc(tally.rowsRead - rowsBefore);
        return new EventBatch(events, flushed);
    }

    /** Handles one record; false when the split must stop (first invalid row under FAIL). */
    private boolean accept(long line, List<SourceEvent> events) {
        switch (decoder.decode(buf, record)) {
            case ROW:
                tally.rowsRead++;
                tally.rowsAggregated++;
                long low = playsLow + decoder.plays;
                if (Long.compareUnsigned(low, playsLow) < 0) {
                    playsHigh++;
                }
                playsLow = low;
                if (passThrough > 0) {
                    passThrough--;
                    events.add(
                            SourceEvent.of(
                                    new PartialSum(
                                            decoder.songUtf8(), decoder.day, decoder.plays)));
                    return true;
                }
                rowsIntoCombiner++;
                combiner.add(
                        decoder.songBytes,
                        decoder.songStart,
                        decoder.songLength,
                        decoder.day,
                        decoder.plays);
                return true;
            case BLANK:
                return true;
            case REPEATED_HEADER:
                tally.rowsRead++;
                tally.repeatedHeaders++;
                return true;
            default:
                return reject(
                        line,
                        decoder.reason,
                        Rows.show(buf, record.recordStart(), record.contentEnd()),
                        events);
        }
    }

    private boolean reject(long line, String reason, String row, List<SourceEvent> events) {
        tally.rowsRead++;
        tally.invalidRows++;
        events.add(
                SourceEvent.of(
                        new RejectedRow(line, reason, row, SplitIds.firstLine(split.splitId()))));
        return policy == InvalidRowPolicy.SKIP;
    }

    /** Follows quote parity past a record too long to buffer, and rejects it. */
    private void skipOversizedRecord(List<SourceEvent> events) throws IOException {
        long line = nextLine;
        String shown = Rows.show(buf, 0, limit);
        boolean insideQuotes = false;
        long lineFeeds = 0;
        int i = 0;
        while (true) {
            for (; i < limit; i++) {
                byte c = buf[i];
                if (c == '"') {
                    insideQuotes = !insideQuotes;
                } else if (c == '\n') {
                    if (!insideQuotes) {
                        pos = i + 1;
                        nextLine = line + lineFeeds + 1;
                        rejectOversized(line, shown, events);
                        return;
                    }
                    lineFeeds++;
                }
            }
            if (exhausted()) {
                pos = limit;
                nextLine = line + lineFeeds + 1;
                rejectOversized(line, shown, events);
                return;
            }
            pos = limit;
            fill();
            i = 0;
        }
    }

    private void rejectOversized(long line, String shown, List<SourceEvent> events) {
        if (!reject(line, "the row is longer than " + MAX_RECORD_BYTES + " bytes", shown, events)) {
            done = true;
            pos = limit = 0;
            filePos = splitEnd;
        }
    }

    private SongDayCombiner finish(List<SourceEvent> events) {
        done = true;
        tally.bytesRead = split.length();
        tally.firstLine = SplitIds.firstLine(split.splitId());
        tally.endLine = nextLine;
        tally.playsIn =
                new BigInteger(Long.toUnsignedString(playsHigh))
                        .shiftLeft(64)
                        .add(new BigInteger(Long.toUnsignedString(playsLow)));
        events.add(SourceEvent.of(tally));
        return combiner;
    }

    private boolean exhausted() {
        return filePos >= splitEnd;
    }

    /** Moves unread bytes to the front and reads until the buffer is full or the split ends. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        long before = filePos;
        while (limit < buf.length && filePos < splitEnd) {
            int n = in.read(buf, limit, (int) Math.min(buf.length - limit, splitEnd - filePos));
            if (n < 0) {
                throw new IOException(
                        split.path()
                                + " ended at byte "
                                + filePos
                                + ", expected "
                                + splitEnd
                                + ": the file changed while it was read");
            }
            limit += n;
            filePos += n;
        }
        progress.bytesRead.inc(filePos - before);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

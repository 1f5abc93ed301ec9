package dev.playcount.bench;

import dev.playcount.core.csv.CsvHeader;
import dev.playcount.core.csv.CsvRecord;
import dev.playcount.core.csv.CsvRecordParser;
import dev.playcount.core.csv.PlayRowDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.csv.CsvReaderFormat;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Single-threaded parse of one file two ways: flink-csv's {@link CsvReaderFormat} (Jackson) and the
 * pipeline's byte-level {@link CsvRecordParser} with {@link PlayRowDecoder}.
 */
public final class ParserBench {

    /** One row as Jackson binds it. */
    public static final class PlayRow {
        @JsonProperty("Song")
        public String song;

        @JsonProperty("Date")
        public String date;

        @JsonProperty("Number of Plays")
        public long plays;
    }

    private record Result(long rows, long plays, long otherRecords) {}

    private ParserBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ParserBench IN.csv [ROUNDS]");
            System.exit(2);
        }
        java.nio.file.Path file = java.nio.file.Path.of(args[0]);
        int rounds = args.length == 2 ? Integer.parseInt(args[1]) : 1;
        long bytes = Files.size(file);
        System.out.printf("%s: %,d bytes, single thread, %d round(s)%n", file, bytes, rounds);
        Result flink = null;
        Result hand = null;
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            flink = flinkCsv(file);
            print("flink-csv CsvReaderFormat", round, flink, bytes, System.nanoTime() - t0);
            long t1 = System.nanoTime();
            hand = handWritten(file);
            print("pipeline CsvRecordParser", round, hand, bytes, System.nanoTime() - t1);
        }
        if (flink.rows() != hand.rows() || flink.plays() != hand.plays()) {
            System.out.println("MISMATCH: the two parsers disagree on rows or plays");
            System.exit(1);
        }
        System.out.printf("both parsers agree: %,d rows, %,d plays%n", hand.rows(), hand.plays());
    }

    private static void print(String name, int round, Result r, long bytes, long nanos) {
        double s = nanos / 1e9;
        System.out.printf(
                "round %d  %-26s %,14d rows  %,18d plays  %7.2f s  %,12.0f rows/s  %6.1f MB/s%s%n",
                round,
                name,
                r.rows(),
                r.plays(),
                s,
                r.rows() / s,
                bytes / 1e6 / s,
                r.otherRecords() > 0
                        ? "  (" + r.otherRecords() + " blank/header/invalid records)"
                        : "");
    }

    static Result flinkCsv(java.nio.file.Path file) throws IOException {
        CsvReaderFormat<PlayRow> format =
                CsvReaderFormat.forSchema(
                        CsvMapper::new,
                        mapper ->
                                CsvSchema.builder()
                                        .addColumn("Song")
                                        .addColumn("Date")
                                        .addColumn("Number of Plays", CsvSchema.ColumnType.NUMBER)
                                        .setSkipFirstDataRow(true)
                                        .build(),
                        TypeInformation.of(PlayRow.class));
        Path path = Path.fromLocalFile(file.toFile());
        long rows = 0;
        long plays = 0;
        try (StreamFormat.Reader<PlayRow> reader =
                format.createReader(
                        new Configuration(), FileSystem.getLocalFileSystem().open(path))) {
            PlayRow row;
            while ((row = reader.read()) != null) {
                rows++;
                plays += row.plays;
            }
        }
        return new Result(rows, plays, 0);
    }

    static Result handWritten(java.nio.file.Path file) throws IOException {
        byte[] buf = new byte[1 << 20];
        long rows = 0;
        long plays = 0;
        long other = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int limit = fill(in, buf, 0);
            boolean eof = limit < buf.length;
            CsvHeader header = CsvHeader.read(buf, limit, eof);
            PlayRowDecoder decoder = new PlayRowDecoder(header);
            CsvRecord record = new CsvRecord(header.columns());
            int pos =
                    CsvRecordParser.parse(
                            buf, CsvHeader.bomLength(buf, 0, limit), limit, eof, record);
            while (pos < limit || !eof) {
                int next =
                        pos < limit
                                ? CsvRecordParser.parse(buf, pos, limit, eof, record)
                                : CsvRecordParser.NEED_MORE;
                if (next == CsvRecordParser.NEED_MORE) {
                    if (pos == 0 && limit == buf.length) {
                        throw new IOException(
                                "a record is longer than the " + buf.length + " byte buffer");
                    }
                    // keep the unfinished record: move it to the front, then read behind it
                    System.arraycopy(buf, pos, buf, 0, limit - pos);
                    limit -= pos;
                    pos = 0;
                    int filled = fill(in, buf, limit);
                    eof = filled < buf.length;
                    limit = filled;
                    continue;
                }
                if (decoder.decode(buf, record) == PlayRowDecoder.Kind.ROW) {
                    rows++;
                    plays += decoder.plays;
                } else {
                    other++;
                }
                pos = next;
            }
        }
        return new Result(rows, plays, other);
    }

    /** Reads until the buffer is full or the input ends; returns the new limit. */
    private static int fill(InputStream in, byte[] buf, int from) throws IOException {
        int n = from;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }
}

package dev.playcount.pipeline.sink;

import dev.playcount.core.csv.Fields;
import dev.playcount.core.csv.OutputHeaders;
import dev.playcount.pipeline.model.RejectedRow;
import dev.playcount.pipeline.model.SongDayPlays;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/** A CSV file for a FileSink: a header line, then one line per element. */
public final class CsvFileFormat<T> implements BulkWriter.Factory<T> {

    private static final long serialVersionUID = 1L;

    /** Writes one element's fields. */
    @FunctionalInterface
    interface Line<T> extends Serializable {
        void write(T element, CsvLineWriter csv) throws IOException;
    }

    private final String header;
    private final Line<T> line;

    private CsvFileFormat(String header, Line<T> line) {
        this.header = header;
        this.line = line;
    }

    /** The result: one line per (song, date) total. */
    public static CsvFileFormat<SongDayPlays> results() {
        return new CsvFileFormat<>(
                OutputHeaders.RESULT,
                (total, csv) ->
                        csv.field(total.song)
                                .plainField(Fields.formatDay(total.day))
                                .field(total.plays));
    }

    /** The rejects of a run under the {@code skip} policy. */
    public static CsvFileFormat<RejectedRow> rejects() {
        return new CsvFileFormat<>(
                OutputHeaders.REJECTS,
                (row, csv) -> csv.field(row.line).field(row.reason).field(row.row));
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream stream) throws IOException {
        CsvLineWriter csv = new CsvLineWriter(stream);
        csv.plainField(header).endLine();
        return new BulkWriter<>() {
            @Override
            public void addElement(T element) throws IOException {
                line.write(element, csv);
                csv.endLine();
            }

            @Override
            public void flush() throws IOException {
                csv.flush();
            }

            @Override
            public void finish() throws IOException {
                csv.flush();
            }
        };
    }
}

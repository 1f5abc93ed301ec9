package dev.playcount.pipeline.sink;

import dev.playcount.pipeline.csv.Fields;
import dev.playcount.pipeline.model.SongDayPlays;
import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/** Writes the result CSV: the contract's header, then one line per (song, date) total. */
public final class ResultCsvFormat implements BulkWriter.Factory<SongDayPlays> {

    private static final long serialVersionUID = 1L;

    public static final String HEADER = "Song,Date,Total Number of Plays for Date";

    @Override
    public BulkWriter<SongDayPlays> create(FSDataOutputStream stream) throws IOException {
        CsvLineWriter csv = new CsvLineWriter(stream);
        csv.plainField(HEADER).endLine();
        return new BulkWriter<>() {
            @Override
            public void addElement(SongDayPlays total) throws IOException {
                csv.field(total.song).plainField(Fields.formatDay(total.day)).field(total.plays).endLine();
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

package dev.playcount.pipeline.sink;

import dev.playcount.pipeline.model.RejectedRow;
import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/** Writes the rejects CSV ({@code Line,Reason,Row}) of a run under the {@code skip} policy. */
public final class RejectsCsvFormat implements BulkWriter.Factory<RejectedRow> {

    private static final long serialVersionUID = 1L;

    public static final String HEADER = "Line,Reason,Row";

    @Override
    public BulkWriter<RejectedRow> create(FSDataOutputStream stream) throws IOException {
        CsvLineWriter csv = new CsvLineWriter(stream);
        csv.plainField(HEADER).endLine();
        return new BulkWriter<>() {
            @Override
            public void addElement(RejectedRow row) throws IOException {
                csv.field(row.line).field(row.reason).field(row.row).endLine();
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

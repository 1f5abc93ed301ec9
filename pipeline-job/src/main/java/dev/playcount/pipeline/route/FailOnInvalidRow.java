package dev.playcount.pipeline.route;

import dev.playcount.core.error.PipelineException;
import dev.playcount.pipeline.model.RejectedRow;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Under the {@code fail} policy, fails the job with the invalid row of lowest line number.
 *
 * <p>Each reader stops at its first invalid row, but readers of earlier splits may still find an
 * earlier one, so the job fails at end of input with the first row of the file, not the first
 * reported. Runs with parallelism 1 so it sees every reader's row.
 */
public final class FailOnInvalidRow extends AbstractStreamOperator<RejectedRow>
        implements OneInputStreamOperator<RejectedRow, RejectedRow>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private transient RejectedRow first;

    @Override
    public void processElement(StreamRecord<RejectedRow> element) {
        RejectedRow row = element.getValue();
        if (first == null || row.line < first.line) {
            first = new RejectedRow(row.line, row.reason, row.row);
        }
    }

    @Override
    public void endInput() {
        if (first != null) {
            // bad data fails the same way on every attempt: restarting would only repeat it
            throw new SuppressRestartsException(
                    PipelineException.invalidRow(first.line, first.message()));
        }
    }
}

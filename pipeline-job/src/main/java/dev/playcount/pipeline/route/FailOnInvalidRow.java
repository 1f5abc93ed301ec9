package dev.playcount.pipeline.route;

import dev.playcount.core.error.PipelineException;
import dev.playcount.pipeline.model.RejectedRow;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Under the {@code fail} policy, fails the job with the invalid row of lowest line number.
 *
 * <p>Each reader stops at its first invalid row, but readers of earlier splits may still find an
 * earlier one. So the job fails as soon as every line before the lowest invalid row is known to be
 * valid (the splits before its split were read to their end, as {@link RejectedRow#checked} says,
 * and its own split is read in order), or at end of input: the first row of the file either way,
 * and while an upload still arrives, at once. Runs with parallelism 1 so it sees every reader's
 * rows.
 */
public final class FailOnInvalidRow extends AbstractStreamOperator<RejectedRow>
        implements OneInputStreamOperator<RejectedRow, RejectedRow>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private transient RejectedRow first;

    /** Checked ranges of lines, merged: first line to end line (exclusive). */
    private transient TreeMap<Long, Long> checked;

    @Override
    public void processElement(StreamRecord<RejectedRow> element) {
        RejectedRow row = element.getValue();
        if (row.isChecked()) {
            check(row.splitFirstLine, row.line);
        } else if (first == null || row.line < first.line) {
            first = new RejectedRow(row.line, row.reason, row.row, row.splitFirstLine);
        }
        if (first != null && checkedUpTo() >= first.splitFirstLine) {
            failWith(first);
        }
    }

    private void check(long from, long end) {
        if (checked == null) {
            checked = new TreeMap<>();
        }
        Map.Entry<Long, Long> before = checked.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            from = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (Map.Entry<Long, Long> next = checked.ceilingEntry(from);
                next != null && next.getKey() <= end;
                next = checked.ceilingEntry(from)) {
            end = Math.max(end, next.getValue());
            checked.remove(next.getKey());
        }
        checked.put(from, end);
    }

    /** The end of the checked lines that start at line 1, or 1 when none do. */
    private long checkedUpTo() {
        if (checked == null || checked.isEmpty() || checked.firstKey() > 1) {
            return 1;
        }
        return checked.firstEntry().getValue();
    }

    @Override
    public void endInput() {
        if (first != null) {
            failWith(first);
        }
    }

    private static void failWith(RejectedRow row) {
        // bad data fails the same way on every attempt: restarting would only repeat it
        throw new SuppressRestartsException(PipelineException.invalidRow(row.line, row.message()));
    }
}

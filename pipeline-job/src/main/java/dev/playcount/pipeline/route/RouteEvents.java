package dev.playcount.pipeline.route;

import dev.playcount.core.receipt.Counts;
import dev.playcount.pipeline.model.PartialSum;
import dev.playcount.pipeline.model.RejectedRow;
import dev.playcount.pipeline.model.SourceEvent;
import dev.playcount.pipeline.model.SplitTally;
import dev.playcount.pipeline.receipt.BigIntegerSum;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the reader's events: partial sums go on to be keyed, rejected rows to the side output,
 * split tallies into the receipt's accumulators. Counts the partial sums it sends on, so progress
 * knows the summing stage's total work once reading ends (accumulators outlive the readers).
 */
public final class RouteEvents extends ProcessFunction<SourceEvent, PartialSum> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<RejectedRow> REJECTED = new OutputTag<>("rejected-rows") {};

    private transient LongCounter rowsRead;
    private transient LongCounter rowsAggregated;
    private transient LongCounter invalidRows;
    private transient LongCounter repeatedHeaders;
    private transient LongCounter bytesRead;
    private transient LongCounter partialSums;
    private transient BigIntegerSum playsIn;

    private final boolean reportChecked;

    /** Routes rejected rows only (the {@code skip} policy's rejects file). */
    public RouteEvents() {
        this(false);
    }

    /**
     * @param reportChecked whether each split read to its end also goes to the side output, as
     *     {@link RejectedRow#checked} (the {@code fail} policy, to fail as early as it can)
     */
    public RouteEvents(boolean reportChecked) {
        this.reportChecked = reportChecked;
    }

    @Override
    public void open(OpenContext context) {
        rowsRead = counter(Counts.ROWS_READ);
        rowsAggregated = counter(Counts.ROWS_AGGREGATED);
        invalidRows = counter(Counts.INVALID_ROWS);
        repeatedHeaders = counter(Counts.REPEATED_HEADERS);
        bytesRead = counter(Counts.BYTES_READ);
        partialSums = counter(Counts.PARTIAL_SUMS);
        playsIn = new BigIntegerSum();
        getRuntimeContext().addAccumulator(Counts.PLAYS_IN, playsIn);
    }

    private LongCounter counter(String name) {
        LongCounter counter = new LongCounter();
        getRuntimeContext().addAccumulator(name, counter);
        return counter;
    }

    @Override
    public void processElement(SourceEvent event, Context ctx, Collector<PartialSum> out) {
        if (event.sum != null) {
            out.collect(event.sum);
            partialSums.add(1L);
        } else if (event.rejected != null) {
            ctx.output(REJECTED, event.rejected);
        } else {
            SplitTally tally = event.tally;
            rowsRead.add(tally.rowsRead);
            rowsAggregated.add(tally.rowsAggregated);
            invalidRows.add(tally.invalidRows);
            repeatedHeaders.add(tally.repeatedHeaders);
            bytesRead.add(tally.bytesRead);
            playsIn.add(tally.playsIn);
            if (reportChecked) {
                ctx.output(REJECTED, RejectedRow.checked(tally.firstLine, tally.endLine));
            }
        }
    }
}

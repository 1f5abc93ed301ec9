package dev.playcount.pipeline.receipt;

import dev.playcount.core.receipt.Counts;
import dev.playcount.pipeline.model.SongDayPlays;
import java.math.BigInteger;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts the rows and plays that reach the result file, for the receipt. */
public final class TallyResults extends RichMapFunction<SongDayPlays, SongDayPlays> {

    private static final long serialVersionUID = 1L;

    private transient LongCounter rowsWritten;
    private transient BigIntegerSum playsOut;
    private transient long high;
    private transient long low;

    @Override
    public void open(OpenContext context) {
        rowsWritten = new LongCounter();
        playsOut = new BigIntegerSum();
        getRuntimeContext().addAccumulator(Counts.ROWS_WRITTEN, rowsWritten);
        getRuntimeContext().addAccumulator(Counts.PLAYS_OUT, playsOut);
    }

    @Override
    public SongDayPlays map(SongDayPlays total) {
        rowsWritten.add(1L);
        long sum = low + total.plays;
        if (Long.compareUnsigned(sum, low) < 0) {
            high++;
        }
        low = sum;
        return total;
    }

    @Override
    public void close() {
        if (playsOut != null) {
            playsOut.add(
                    new BigInteger(Long.toUnsignedString(high))
                            .shiftLeft(64)
                            .add(new BigInteger(Long.toUnsignedString(low))));
        }
    }
}

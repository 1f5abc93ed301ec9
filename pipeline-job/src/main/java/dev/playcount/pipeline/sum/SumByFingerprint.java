package dev.playcount.pipeline.sum;

import dev.playcount.core.plays.Plays;
import dev.playcount.pipeline.model.PartialSum;
import dev.playcount.pipeline.model.SongDayPlays;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums the partial sums of one key hash in the sort-based mode, where input arrives grouped by key
 * and a timer at end of time fires as soon as the key's group ends.
 *
 * <p>Exact on hash collisions: a second (song, day) under the same hash is kept and summed on its
 * own.
 */
public final class SumByFingerprint extends KeyedProcessFunction<Long, PartialSum, SongDayPlays> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<PartialSum> total;
    private transient ListState<PartialSum> collided;
    private transient SumProgress progress;

    @Override
    public void open(OpenContext context) {
        TypeInformation<PartialSum> type = TypeInformation.of(PartialSum.class);
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", type));
        collided = getRuntimeContext().getListState(new ListStateDescriptor<>("collided", type));
        progress = SumProgress.registeredIn(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(PartialSum partial, Context ctx, Collector<SongDayPlays> out)
            throws Exception {
        progress.sumsIn.inc();
        PartialSum current = total.value();
        if (current == null) {
            total.update(copy(partial));
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        } else if (current.sameKey(partial)) {
            current.plays = add(current, partial.plays);
            total.update(current);
        } else {
            addCollided(partial);
        }
    }

    private void addCollided(PartialSum partial) throws Exception {
        List<PartialSum> others = new ArrayList<>();
        boolean merged = false;
        for (PartialSum other : collided.get()) {
            if (!merged && other.sameKey(partial)) {
                other.plays = add(other, partial.plays);
                merged = true;
            }
            others.add(other);
        }
        if (!merged) {
            others.add(copy(partial));
        }
        collided.update(others);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SongDayPlays> out)
            throws Exception {
        emit(total.value(), out);
        for (PartialSum other : collided.get()) {
            emit(other, out);
        }
        total.clear();
        collided.clear();
    }

    private void emit(PartialSum sum, Collector<SongDayPlays> out) {
        out.collect(new SongDayPlays(sum.songText(), sum.day, sum.plays));
        progress.keysWritten.inc();
    }

    /** Object reuse is on: the input record may be overwritten once this call returns. */
    private static PartialSum copy(PartialSum p) {
        return new PartialSum(p.hash, p.song, p.day, p.plays);
    }

    private static long add(PartialSum total, long plays) {
        return Plays.add(total.plays, plays, total, 0, total.day);
    }
}

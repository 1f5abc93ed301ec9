package dev.playcount.pipeline.sum;

import dev.playcount.pipeline.model.SongDayPlays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums the partial sums of one fingerprint in the sort-based mode, where input arrives grouped by
 * key and a timer at end of time fires as soon as the key's group ends.
 *
 * <p>Exact on fingerprint collisions: a second (song, day) under the same fingerprint is kept and
 * summed on its own.
 */
public final class SumByFingerprint extends KeyedProcessFunction<Long, SongDayPlays, SongDayPlays> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<SongDayPlays> total;
    private transient ListState<SongDayPlays> collided;
    private transient SumProgress progress;

    @Override
    public void open(OpenContext context) {
        TypeInformation<SongDayPlays> type = TypeInformation.of(SongDayPlays.class);
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", type));
        collided = getRuntimeContext().getListState(new ListStateDescriptor<>("collided", type));
        progress = SumProgress.registeredIn(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SongDayPlays partial, Context ctx, Collector<SongDayPlays> out)
            throws Exception {
        progress.sumsIn.inc();
        SongDayPlays current = total.value();
        if (current == null) {
            total.update(new SongDayPlays(partial.song, partial.day, partial.plays));
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        } else if (sameKey(current, partial)) {
            current.plays = add(current, partial.plays);
            total.update(current);
        } else {
            addCollided(partial);
        }
    }

    private void addCollided(SongDayPlays partial) throws Exception {
        java.util.List<SongDayPlays> others = new java.util.ArrayList<>();
        boolean merged = false;
        for (SongDayPlays other : collided.get()) {
            if (!merged && sameKey(other, partial)) {
                other.plays = add(other, partial.plays);
                merged = true;
            }
            others.add(other);
        }
        if (!merged) {
            others.add(new SongDayPlays(partial.song, partial.day, partial.plays));
        }
        collided.update(others);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SongDayPlays> out)
            throws Exception {
        out.collect(total.value());
        progress.keysWritten.inc();
        for (SongDayPlays other : collided.get()) {
            out.collect(other);
            progress.keysWritten.inc();
        }
        total.clear();
        collided.clear();
    }

    private static boolean sameKey(SongDayPlays a, SongDayPlays b) {
        return a.day == b.day && a.song.equals(b.song);
    }

    private static long add(SongDayPlays total, long plays) {
        long sum = total.plays + plays;
        if (sum < 0) {
            throw PlaysOverflowException.of(total.song, total.day);
        }
        return sum;
    }
}

package dev.playcount.pipeline.sum;

import dev.playcount.pipeline.model.SongDayPlays;
import org.apache.flink.api.common.functions.ReduceFunction;

/** Adds partial sums of one key, failing on 64-bit overflow (used by the sort-based mode). */
public final class SumPlays implements ReduceFunction<SongDayPlays> {

    private static final long serialVersionUID = 1L;

    @Override
    public SongDayPlays reduce(SongDayPlays a, SongDayPlays b) {
        long sum = a.plays + b.plays;
        if (sum < 0) {
            throw PlaysOverflowException.of(a.song, a.day);
        }
        return new SongDayPlays(a.song, a.day, sum);
    }
}

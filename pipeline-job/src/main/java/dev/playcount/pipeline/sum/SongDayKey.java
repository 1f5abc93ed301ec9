package dev.playcount.pipeline.sum;

import dev.playcount.pipeline.model.SongDayPlays;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

/** Keys a partial sum by (song, day). */
public final class SongDayKey implements KeySelector<SongDayPlays, Tuple2<String, Integer>> {

    private static final long serialVersionUID = 1L;

    @Override
    public Tuple2<String, Integer> getKey(SongDayPlays value) {
        return Tuple2.of(value.song, value.day);
    }
}

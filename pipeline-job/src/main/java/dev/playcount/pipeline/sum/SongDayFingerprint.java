package dev.playcount.pipeline.sum;

import dev.playcount.pipeline.model.SongDayPlays;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys a partial sum by a 64-bit fingerprint of (song, day) for the sort-based mode.
 *
 * <p>A fixed-length key is what makes Flink's batch sort fast: with the (String, int) key the
 * sorter compared full records past the normalized-key prefix, and spent most of a 20M-key run
 * doing so. Two keys that share a fingerprint are still summed apart by {@link SumByFingerprint}.
 */
public final class SongDayFingerprint implements KeySelector<SongDayPlays, Long> {

    private static final long serialVersionUID = 1L;

    @Override
    public Long getKey(SongDayPlays value) {
        return of(value.song, value.day);
    }

    static long of(String song, int day) {
        long h = 0xCBF29CE484222325L ^ day;
        for (int i = 0; i < song.length(); i++) {
            h = (h ^ song.charAt(i)) * 0x100000001B3L;
        }
        // murmur3's finalizer: spreads the FNV bits over the whole word
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}

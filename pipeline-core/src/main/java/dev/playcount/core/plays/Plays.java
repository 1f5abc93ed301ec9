package dev.playcount.core.plays;

/** The one 64-bit overflow check of every stage that sums plays. */
public final class Plays {

    /**
     * Names the song of a key only when its sum overflows: a stage's key store implements it, so
     * the summing loop passes itself and builds no String and no lambda per row.
     */
    @FunctionalInterface
    public interface SongNames {
        /** The song of the key at {@code ref}, a position only the implementation understands. */
        String song(int ref);
    }

    private Plays() {}

    /**
     * {@code sum + plays}, both non-negative.
     *
     * @throws PlaysOverflowException naming the key when the total passes 64 bits
     */
    public static long add(long sum, long plays, SongNames names, int ref, int day) {
        long total = sum + plays;
        if (total < 0) {
            throw PlaysOverflowException.of(names.song(ref), day);
        }
        return total;
    }
}

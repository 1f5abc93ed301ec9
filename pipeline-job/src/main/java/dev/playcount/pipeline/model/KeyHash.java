package dev.playcount.pipeline.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 64-bit hash of (song bytes, day), computed once in the reader: it keys the shuffle, and its top
 * bits pick the summing table's slot and the spilled bucket.
 */
public final class KeyHash {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private KeyHash() {}

    public static long of(byte[] song, int day) {
        long h = 0x9E3779B97F4A7C15L * (day + 0x632BE59BD9B4E019L);
        int i = 0;
        for (; i + 8 <= song.length; i += 8) {
            h = (h ^ (long) LONGS.get(song, i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        long tail = song.length;
        for (; i < song.length; i++) {
            tail = (tail << 8) | (song[i] & 0xFF);
        }
        h = (h ^ tail) * 0x94D049BB133111EBL;
        // murmur3's finalizer: every input bit reaches the high bits that order the keys
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}

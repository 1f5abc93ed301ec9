package dev.playcount.pipeline.source;

import dev.playcount.pipeline.csv.FieldText;
import dev.playcount.pipeline.model.SongDayPlays;
import dev.playcount.pipeline.sum.PlaysOverflowException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sums plays per (song bytes, day) inside a reader before anything is shuffled.
 *
 * <p>An open-addressing table over raw bytes: only distinct keys ever become Strings, which is what
 * makes pre-aggregation pay off (a prototype with a HashMap of Strings ran 8x slower). Songs are
 * keyed by their bytes as written inside the quotes: a song with quotes is always quoted with them
 * doubled, so those bytes name it uniquely and collapsing the quotes can wait until the flush.
 * Each slot keeps hash, day, length, sum and the first eight key bytes in four adjacent longs, so
 * most lookups touch one cache line. It holds at most {@code maxEntries} keys; the reader flushes
 * it when {@link #isFull()}.
 */
final class SongDayCombiner {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int STRIDE = 4;
    private static final int INITIAL_SLOTS = 1 << 13;

    private final int maxEntries;
    private final int maxArenaBytes;

    /** Per slot: hash and day, arena offset and length + 1 (0 = empty), sum, key prefix. */
    private long[] table;

    private int mask;
    private byte[] arena;
    private int arenaUsed;
    private int size;

    SongDayCombiner(int maxEntries) {
        this.maxEntries = maxEntries;
        this.maxArenaBytes = Math.max(1 << 16, maxEntries * 64);
        int slots = Math.min(INITIAL_SLOTS, Integer.highestOneBit(maxEntries) * 4);
        table = new long[slots * STRIDE];
        mask = slots - 1;
        arena = new byte[Math.min(slots * 16, maxArenaBytes)];
    }

    void add(byte[] b, int start, int length, int day, long plays) {
        int hash = hash(b, start, length, day);
        long tag = ((long) hash << 32) | (day & 0xFFFFFFFFL);
        long prefix = prefix(b, start, length);
        int slot = hash & mask;
        while (true) {
            int at = slot * STRIDE;
            long lengthAndOffset = table[at + 1];
            if (lengthAndOffset == 0) {
                insert(at, tag, b, start, length, plays, prefix);
                return;
            }
            if (table[at] == tag
                    && (int) lengthAndOffset == length + 1
                    && table[at + 3] == prefix
                    && (length <= 8
                            || sameBytes(arena, (int) (lengthAndOffset >>> 32) + 8, b, start + 8, length - 8))) {
                long sum = table[at + 2] + plays;
                if (sum < 0) {
                    throw PlaysOverflowException.of(song(b, start, length), day);
                }
                table[at + 2] = sum;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void insert(int at, long tag, byte[] b, int start, int length, long plays, long prefix) {
        if (arenaUsed + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaUsed + length, arena.length * 2));
        }
        System.arraycopy(b, start, arena, arenaUsed, length);
        table[at] = tag;
        table[at + 1] = ((long) arenaUsed << 32) | (length + 1);
        table[at + 2] = plays;
        table[at + 3] = prefix;
        arenaUsed += length;
        size++;
        if (size * 2 > mask + 1) {
            grow();
        }
    }

    private void grow() {
        long[] old = table;
        int slots = (mask + 1) * 2;
        table = new long[slots * STRIDE];
        mask = slots - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + 1] != 0) {
                int slot = (int) (old[at] >>> 32) & mask;
                while (table[slot * STRIDE + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                System.arraycopy(old, at, table, slot * STRIDE, STRIDE);
            }
        }
    }

    /** Whether the next distinct key could exceed the entry or byte budget. */
    boolean isFull() {
        return size >= maxEntries || arenaUsed >= maxArenaBytes;
    }

    int size() {
        return size;
    }

    /** The first occupied slot at or after {@code slot}, or -1. */
    int nextOccupied(int slot) {
        for (int s = slot; s <= mask; s++) {
            if (table[s * STRIDE + 1] != 0) {
                return s;
            }
        }
        return -1;
    }

    SongDayPlays entryAt(int slot) {
        int at = slot * STRIDE;
        long lengthAndOffset = table[at + 1];
        String song = song(arena, (int) (lengthAndOffset >>> 32), (int) lengthAndOffset - 1);
        return new SongDayPlays(song, (int) table[at], table[at + 2]);
    }

    /** The song's text, with the doubled quotes of a quoted field made single. */
    private static String song(byte[] b, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (b[i] == '"') {
                byte[] out = new byte[length];
                int n = FieldText.unescape(b, start, start + length, out);
                return new String(out, 0, n, StandardCharsets.UTF_8);
            }
        }
        return new String(b, start, length, StandardCharsets.UTF_8);
    }

    private static long prefix(byte[] b, int start, int length) {
        if (length >= 8) {
            return (long) LONGS.get(b, start);
        }
        long p = 0;
        for (int i = 0; i < length; i++) {
            p |= (b[start + i] & 0xFFL) << (8 * i);
        }
        return p;
    }

    private static boolean sameBytes(byte[] a, int aStart, byte[] b, int bStart, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if ((long) LONGS.get(a, aStart + i) != (long) LONGS.get(b, bStart + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (a[aStart + i] != b[bStart + i]) {
                return false;
            }
        }
        return true;
    }

    static int hash(byte[] b, int start, int length, int day) {
        long h = (day + 0x632BE59BD9B4E019L) * 0x9E3779B97F4A7C15L;
        int i = start;
        int end = start + length;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        long tail = length;
        for (; i < end; i++) {
            tail = (tail << 8) | (b[i] & 0xFF);
        }
        h = (h ^ tail) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 32));
    }
}

package dev.playcount.pipeline.source;

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
 * <p>An open-addressing table over raw UTF-8 bytes: only distinct keys ever become Strings, which is
 * what makes pre-aggregation pay off (a prototype with a HashMap of Strings ran 8x slower). It holds
 * at most {@code maxEntries} keys; the reader flushes it when {@link #isFull()}.
 */
final class SongDayCombiner {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int INITIAL_ENTRIES = 1 << 12;

    private final int maxEntries;
    private final int maxArenaBytes;

    private int[] slots;
    private int[] hashes;
    private int[] offsets;
    private int[] lengths;
    private int[] days;
    private long[] sums;
    private byte[] arena;
    private int arenaUsed;
    private int size;

    SongDayCombiner(int maxEntries) {
        this.maxEntries = maxEntries;
        this.maxArenaBytes = Math.max(1 << 16, maxEntries * 64);
        int entries = Math.min(INITIAL_ENTRIES, maxEntries);
        slots = new int[tableSize(entries)];
        hashes = new int[entries];
        offsets = new int[entries];
        lengths = new int[entries];
        days = new int[entries];
        sums = new long[entries];
        arena = new byte[Math.min(entries * 32, maxArenaBytes)];
    }

    private static int tableSize(int entries) {
        return Integer.highestOneBit(Math.max(2, entries * 2 - 1)) << 1;
    }

    void add(byte[] b, int start, int length, int day, long plays) {
        int hash = hash(b, start, length, day);
        int mask = slots.length - 1;
        int slot = hash & mask;
        while (true) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                insert(slot, hash, b, start, length, day, plays);
                return;
            }
            if (hashes[entry] == hash
                    && days[entry] == day
                    && lengths[entry] == length
                    && sameBytes(arena, offsets[entry], b, start, length)) {
                long sum = sums[entry] + plays;
                if (sum < 0) {
                    throw PlaysOverflowException.of(
                            new String(b, start, length, StandardCharsets.UTF_8), day);
                }
                sums[entry] = sum;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void insert(int slot, int hash, byte[] b, int start, int length, int day, long plays) {
        if (size == hashes.length) {
            growEntries();
            slot = freeSlot(hash);
        }
        if (arenaUsed + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaUsed + length, arena.length * 2));
        }
        System.arraycopy(b, start, arena, arenaUsed, length);
        hashes[size] = hash;
        offsets[size] = arenaUsed;
        lengths[size] = length;
        days[size] = day;
        sums[size] = plays;
        arenaUsed += length;
        size++;
        slots[slot] = size;
    }

    private void growEntries() {
        int entries = hashes.length * 2;
        hashes = Arrays.copyOf(hashes, entries);
        offsets = Arrays.copyOf(offsets, entries);
        lengths = Arrays.copyOf(lengths, entries);
        days = Arrays.copyOf(days, entries);
        sums = Arrays.copyOf(sums, entries);
        slots = new int[tableSize(entries)];
        for (int e = 0; e < size; e++) {
            slots[freeSlot(hashes[e])] = e + 1;
        }
    }

    private int freeSlot(int hash) {
        int mask = slots.length - 1;
        int slot = hash & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Whether the next distinct key could exceed the entry or byte budget. */
    boolean isFull() {
        return size >= maxEntries || arenaUsed >= maxArenaBytes;
    }

    int size() {
        return size;
    }

    SongDayPlays entry(int i) {
        return new SongDayPlays(
                new String(arena, offsets[i], lengths[i], StandardCharsets.UTF_8), days[i], sums[i]);
    }

    /**
     * Compares eight bytes at a time; song names are short, and for them this beat
     * {@code Arrays.equals} (its vectorized mismatch has a setup cost) in profiles of the reader.
     */
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

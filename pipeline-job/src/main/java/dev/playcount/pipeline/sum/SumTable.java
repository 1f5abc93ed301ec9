package dev.playcount.pipeline.sum;

import dev.playcount.core.plays.Plays;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.MemorySegment;

/**
 * A hash aggregation of plays per (song, day) in one fixed block of memory: an open-addressing slot
 * array and an arena of entries, nothing on the Java heap per key.
 *
 * <p>An entry is {@code hash (8) | plays (8) | day (4) | song length (4) | song bytes}, padded to 8
 * bytes; {@link #copyEntry} writes the same bytes unpadded, the format of a spilled block. A slot
 * holds the hash's low 32 bits and the entry's offset / 8 + 1 (0 is empty), so a probe past other
 * keys reads only the slot array and touches the arena once, for the right key (with the offset
 * alone, each probe was a cache miss in the arena). A key's home slot is the hash's top bits and
 * probes move forward only. When {@link #add} answers false the table is full.
 */
final class SumTable implements Plays.SongNames {

    static final int HEADER = 24;
    private static final int PLAYS = 8;
    private static final int DAY = 16;
    private static final int LENGTH = 20;

    // the segment's own long access is native order: songs move 8 bytes at a time that way
    static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private static final int BYTES_PER_SLOT = 8;

    /**
     * Memory per slot: for entries of about 40 bytes (songs of about 16 bytes) the arena fills when
     * about half the slots are used, which keeps probes short.
     */
    private static final int BYTES_PER_KEY = 20;

    /** Slots past the last home slot, so probes never wrap around to the front. */
    private static final int OVERFLOW_SLOTS = 1024;

    private final MemorySegment memory;
    private final int slotCount;
    private final int shift;
    private final int maxEntries;
    private final int arenaStart;
    private final int arenaEnd;
    private int arenaUsed;
    private int size;

    /** Uses all of {@code memory}, which must hold at least a few entries. */
    SumTable(MemorySegment memory) {
        this.memory = memory;
        int homes = Integer.highestOneBit(Math.max(16, memory.size() / BYTES_PER_KEY));
        this.shift = 64 - Integer.numberOfTrailingZeros(homes);
        this.slotCount = homes + OVERFLOW_SLOTS;
        this.maxEntries = homes / 4 * 3;
        this.arenaStart = slotCount * BYTES_PER_SLOT;
        this.arenaEnd = memory.size() & ~7;
        this.arenaUsed = arenaStart;
        zeroSlots();
    }

    /** The largest song (in bytes) an empty table can take. */
    int maxSongBytes() {
        return arenaEnd - arenaStart - HEADER;
    }

    int size() {
        return size;
    }

    /**
     * Adds plays to (song, day), the song being {@code length} bytes of {@code b} from {@code off};
     * false, with nothing changed, when the key is new and the table is full.
     *
     * @throws dev.playcount.core.plays.PlaysOverflowException if the key's sum passes 64 bits
     */
    boolean add(long hash, byte[] b, int off, int length, int day, long plays) {
        int slot = (int) (hash >>> shift);
        int tag = (int) hash;
        while (slot < slotCount) {
            long ref = memory.getLong(slot * BYTES_PER_SLOT);
            if (ref == 0) {
                return insert(slot, hash, b, off, length, day, plays);
            }
            int entry = ((int) ref - 1) << 3;
            if ((int) (ref >>> 32) == tag
                    && memory.getLong(entry) == hash
                    && sameKey(entry, b, off, length, day)) {
                long sum = Plays.add(memory.getLong(entry + PLAYS), plays, this, entry, day);
                memory.putLong(entry + PLAYS, sum);
                return true;
            }
            slot++;
        }
        return false;
    }

    private boolean insert(
            int slot, long hash, byte[] b, int off, int length, int day, long plays) {
        int bytes = (HEADER + length + 7) & ~7;
        if (size >= maxEntries || arenaEnd - arenaUsed < bytes) {
            return false;
        }
        int entry = arenaUsed;
        memory.putLong(entry, hash);
        memory.putLong(entry + PLAYS, plays);
        memory.putInt(entry + DAY, day);
        memory.putInt(entry + LENGTH, length);
        // Unsafe.copyMemory's checks cost more than copying a short song
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            memory.putLong(entry + HEADER + i, (long) LONGS.get(b, off + i));
        }
        for (; i < length; i++) {
            memory.put(entry + HEADER + i, b[off + i]);
        }
        arenaUsed += bytes;
        memory.putLong(slot * BYTES_PER_SLOT, (hash << 32) | ((entry >>> 3) + 1));
        size++;
        return true;
    }

    private boolean sameKey(int entry, byte[] b, int off, int length, int day) {
        if (memory.getInt(entry + DAY) != day || memory.getInt(entry + LENGTH) != length) {
            return false;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (memory.getLong(entry + HEADER + i) != (long) LONGS.get(b, off + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (memory.get(entry + HEADER + i) != b[off + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The entries grouped by the top {@code bits} of their hash, bucket by bucket (a counting sort:
     * two passes over the arena, no comparisons); bucket {@code k}'s entries are at {@code
     * [starts[k], starts[k + 1])}, so {@code starts} must have {@code 2^bits + 1} places.
     */
    int[] entriesByBucket(int bits, int[] starts) {
        int bucketShift = 64 - bits;
        Arrays.fill(starts, 0);
        for (int entry = arenaStart; entry < arenaUsed; entry = next(entry)) {
            starts[(int) (memory.getLong(entry) >>> bucketShift) + 1]++;
        }
        for (int k = 1; k < starts.length; k++) {
            starts[k] += starts[k - 1];
        }
        int[] entries = new int[size];
        int[] fill = starts.clone();
        for (int entry = arenaStart; entry < arenaUsed; entry = next(entry)) {
            entries[fill[(int) (memory.getLong(entry) >>> bucketShift)]++] = entry;
        }
        return entries;
    }

    /** Visits every entry in insertion order. */
    void forEach(EntryVisitor visitor) {
        for (int entry = arenaStart; entry < arenaUsed; entry = next(entry)) {
            visitor.visit(entry);
        }
    }

    interface EntryVisitor {
        void visit(int entry);
    }

    private int next(int entry) {
        return entry + ((HEADER + memory.getInt(entry + LENGTH) + 7) & ~7);
    }

    /** Bytes {@link #copyEntry} writes for this entry. */
    int entryBytes(int entry) {
        return HEADER + memory.getInt(entry + LENGTH);
    }

    /** Writes the entry, unpadded, into {@code target} at {@code at}; returns the next offset. */
    int copyEntry(int entry, byte[] target, int at) {
        int length = entryBytes(entry);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(target, at + i, memory.getLong(entry + i));
        }
        for (; i < length; i++) {
            target[at + i] = memory.get(entry + i);
        }
        return at + length;
    }

    long plays(int entry) {
        return memory.getLong(entry + PLAYS);
    }

    int day(int entry) {
        return memory.getInt(entry + DAY);
    }

    @Override
    public String song(int entry) {
        int length = memory.getInt(entry + LENGTH);
        byte[] bytes = new byte[length];
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(bytes, i, memory.getLong(entry + HEADER + i));
        }
        for (; i < length; i++) {
            bytes[i] = memory.get(entry + HEADER + i);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Empties the table. A table with few keys in many slots (the final pass's, bucket after
     * bucket) clears just their slots; zeroing all slots each time would cost more than the keys.
     */
    void clear() {
        if (size * 32L < slotCount) {
            for (int entry = arenaStart; entry < arenaUsed; entry = next(entry)) {
                long ref = (memory.getLong(entry) << 32) | ((entry >>> 3) + 1);
                int slot = (int) (memory.getLong(entry) >>> shift);
                while (memory.getLong(slot * BYTES_PER_SLOT) != ref) {
                    slot++;
                }
                memory.putLong(slot * BYTES_PER_SLOT, 0L);
            }
        } else {
            zeroSlots();
        }
        arenaUsed = arenaStart;
        size = 0;
    }

    private void zeroSlots() {
        for (int at = 0; at < arenaStart; at += 8) {
            memory.putLong(at, 0L);
        }
    }
}

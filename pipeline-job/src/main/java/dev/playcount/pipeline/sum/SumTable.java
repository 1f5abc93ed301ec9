package dev.playcount.pipeline.sum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.flink.core.memory.MemorySegment;

/**
 * A hash aggregation of plays per (song, day) in one fixed block of memory: an open-addressing slot
 * array and an arena of entries, nothing on the Java heap per key.
 *
 * <p>An entry is {@code hash (8) | plays (8) | day (4) | song length (4) | song bytes}, padded to 8
 * bytes; a slot holds an entry's offset / 8 + 1 (0 is empty). When {@link #add} answers false the
 * table is full: the caller spills its entries ({@link #sortedEntries}) and {@link #clear}s it.
 */
final class SumTable {

    static final int HEADER = 24;
    // the segment's own long access is native order: songs move 8 bytes at a time that way
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int PLAYS = 8;
    private static final int DAY = 16;
    private static final int LENGTH = 20;
    private static final int BYTES_PER_SLOT = 4;

    /**
     * Memory per slot: with at most 3 of 4 slots used, slots and arena run out together for entries
     * of about 40 bytes (songs of about 16 bytes).
     */
    private static final int BYTES_PER_KEY = 24;

    private final MemorySegment memory;
    private final int slotCount;
    private final int mask;
    private final int maxEntries;
    private final int arenaStart;
    private final int arenaEnd;
    private int arenaUsed;
    private int size;

    /** Uses all of {@code memory}, which must hold at least a few entries. */
    SumTable(MemorySegment memory) {
        this.memory = memory;
        int slots = Integer.highestOneBit(Math.max(16, memory.size() / BYTES_PER_KEY));
        this.slotCount = slots;
        this.mask = slots - 1;
        this.maxEntries = slots / 4 * 3;
        this.arenaStart = slots * BYTES_PER_SLOT;
        this.arenaEnd = memory.size() & ~7;
        this.arenaUsed = arenaStart;
        clearSlots();
    }

    /** The largest song (in bytes) an empty table can take. */
    int maxSongBytes() {
        return arenaEnd - arenaStart - HEADER;
    }

    int size() {
        return size;
    }

    /**
     * Adds plays to (song, day); false, with nothing changed, when the key is new and the table is
     * full.
     *
     * @throws PlaysOverflowException if the key's sum passes 64 bits
     */
    boolean add(long hash, byte[] song, int length, int day, long plays) {
        int slot = (int) hash & mask;
        while (true) {
            int ref = memory.getInt(slot * BYTES_PER_SLOT);
            if (ref == 0) {
                return insert(slot, hash, song, length, day, plays);
            }
            int entry = (ref - 1) << 3;
            if (memory.getLong(entry) == hash && sameKey(entry, song, length, day)) {
                long sum = memory.getLong(entry + PLAYS) + plays;
                if (sum < 0) {
                    throw PlaysOverflowException.of(song(entry), day);
                }
                memory.putLong(entry + PLAYS, sum);
                return true;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean insert(int slot, long hash, byte[] song, int length, int day, long plays) {
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
            memory.putLong(entry + HEADER + i, (long) LONGS.get(song, i));
        }
        for (; i < length; i++) {
            memory.put(entry + HEADER + i, song[i]);
        }
        arenaUsed += bytes;
        memory.putInt(slot * BYTES_PER_SLOT, (entry >>> 3) + 1);
        size++;
        return true;
    }

    private boolean sameKey(int entry, byte[] song, int length, int day) {
        if (memory.getInt(entry + DAY) != day || memory.getInt(entry + LENGTH) != length) {
            return false;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (memory.getLong(entry + HEADER + i) != (long) LONGS.get(song, i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (memory.get(entry + HEADER + i) != song[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The offsets of all entries, ordered by (hash as unsigned, day, song bytes as unsigned): the
     * order of {@link SpillKey}'s bytes, which RocksDB's bytewise comparator keeps.
     */
    int[] sortedEntries() {
        // Sort on the hash's top bits packed with the entry's number; the rare ties on those bits
        // are then ordered by the full key.
        int numberBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, arenaEnd >>> 3));
        long numberMask = (1L << numberBits) - 1;
        long[] packed = new long[size];
        int n = 0;
        for (int entry = arenaStart; entry < arenaUsed; entry = next(entry)) {
            long top = (memory.getLong(entry) ^ Long.MIN_VALUE) & ~numberMask;
            packed[n++] = top | (entry >>> 3);
        }
        Arrays.sort(packed);
        int[] entries = new int[n];
        for (int i = 0; i < n; i++) {
            entries[i] = (int) (packed[i] & numberMask) << 3;
        }
        for (int i = 1; i < n; i++) {
            if ((packed[i] & ~numberMask) == (packed[i - 1] & ~numberMask)) {
                int j = i;
                while (j > 0 && compare(entries[j - 1], entries[j]) > 0) {
                    int t = entries[j];
                    entries[j] = entries[j - 1];
                    entries[j - 1] = t;
                    j--;
                }
            }
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

    int compare(int a, int b) {
        int c = Long.compareUnsigned(memory.getLong(a), memory.getLong(b));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(memory.getInt(a + DAY), memory.getInt(b + DAY));
        if (c != 0) {
            return c;
        }
        int la = memory.getInt(a + LENGTH);
        int lb = memory.getInt(b + LENGTH);
        for (int i = 0; i < Math.min(la, lb); i++) {
            c =
                    Integer.compare(
                            memory.get(a + HEADER + i) & 0xFF, memory.get(b + HEADER + i) & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(la, lb);
    }

    long hash(int entry) {
        return memory.getLong(entry);
    }

    long plays(int entry) {
        return memory.getLong(entry + PLAYS);
    }

    int day(int entry) {
        return memory.getInt(entry + DAY);
    }

    int songLength(int entry) {
        return memory.getInt(entry + LENGTH);
    }

    /** Copies the song's bytes into {@code target} from offset {@code at}. */
    void songBytes(int entry, byte[] target, int at) {
        int length = songLength(entry);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(target, at + i, memory.getLong(entry + HEADER + i));
        }
        for (; i < length; i++) {
            target[at + i] = memory.get(entry + HEADER + i);
        }
    }

    String song(int entry) {
        byte[] bytes = new byte[songLength(entry)];
        songBytes(entry, bytes, 0);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    void clear() {
        clearSlots();
        arenaUsed = arenaStart;
        size = 0;
    }

    private void clearSlots() {
        for (int at = 0; at < arenaStart; at += 8) {
            memory.putLong(at, 0L);
        }
    }
}

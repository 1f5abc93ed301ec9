package dev.playcount.pipeline.sum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.flink.core.memory.MemorySegment;

/**
 * A hash aggregation of plays per (song, day) in one fixed block of memory: an open-addressing slot
 * array and an arena of entries, nothing on the Java heap per key.
 *
 * <p>An entry is {@code hash (8) | plays (8) | day (4) | song length (4) | song bytes}, padded to 8
 * bytes. A slot holds the hash's low 32 bits and the entry's offset / 8 + 1 (0 is empty), so a
 * probe past other keys reads only the slot array and touches the arena once, for the right key
 * (with the offset alone, each probe was a cache miss in the arena). When {@link #add} answers
 * false the table is full: the caller spills its entries ({@link #sortedEntries}) and {@link
 * #clear}s it.
 *
 * <p>A key's home slot is the hash's top bits and probes only move forward, so the slots already
 * hold the keys almost in hash order: a spill needs one pass that fixes the few local inversions,
 * not a sort (the sort was an eighth of the summing thread's time at 20M keys).
 */
final class SumTable {

    static final int HEADER = 24;
    // the segment's own long access is native order: songs move 8 bytes at a time that way
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int PLAYS = 8;
    private static final int DAY = 16;
    private static final int LENGTH = 20;
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
        int slot = (int) (hash >>> shift);
        int tag = (int) hash;
        while (true) {
            if (slot == slotCount) {
                return false;
            }
            long ref = memory.getLong(slot * BYTES_PER_SLOT);
            if (ref == 0) {
                return insert(slot, hash, song, length, day, plays);
            }
            int entry = ((int) ref - 1) << 3;
            if ((int) (ref >>> 32) == tag
                    && memory.getLong(entry) == hash
                    && sameKey(entry, song, length, day)) {
                long sum = memory.getLong(entry + PLAYS) + plays;
                if (sum < 0) {
                    throw PlaysOverflowException.of(song(entry), day);
                }
                memory.putLong(entry + PLAYS, sum);
                return true;
            }
            slot++;
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
        memory.putLong(slot * BYTES_PER_SLOT, (hash << 32) | ((entry >>> 3) + 1));
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
        int[] entries = new int[size];
        long[] hashes = new long[size];
        int n = 0;
        for (int slot = 0; slot < slotCount; slot++) {
            long ref = memory.getLong(slot * BYTES_PER_SLOT);
            if (ref != 0) {
                int entry = ((int) ref - 1) << 3;
                long hash = memory.getLong(entry);
                // insertion: a key sits at most a probe sequence behind its place
                int j = n++;
                while (j > 0 && before(hash, entry, hashes[j - 1], entries[j - 1])) {
                    hashes[j] = hashes[j - 1];
                    entries[j] = entries[j - 1];
                    j--;
                }
                hashes[j] = hash;
                entries[j] = entry;
            }
        }
        return entries;
    }

    private boolean before(long hash, int entry, long otherHash, int other) {
        int c = Long.compareUnsigned(hash, otherHash);
        return c < 0 || (c == 0 && compare(entry, other) < 0);
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

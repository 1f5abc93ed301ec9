package dev.playcount.pipeline.source;

import dev.playcount.core.csv.FieldText;
import dev.playcount.core.plays.Plays;
import dev.playcount.pipeline.model.PartialSum;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Sums plays per (song bytes, day) inside a reader before anything is shuffled.
 *
 * <p>Two levels, because play files have far fewer songs than rows and few days: an open-addressing
 * table finds the song by its raw bytes, and the song's sums sit in a window of {@link #WINDOW}
 * consecutive days, so a row costs a lookup in a small song table and an array increment (both
 * usually cache hits). Days outside the window go to a second table keyed by (song, day). Only
 * distinct keys ever become Strings (a prototype with a HashMap of Strings ran 8x slower).
 *
 * <p>Songs are keyed by their bytes as written inside the quotes: a song with quotes is always
 * quoted with them doubled, so those bytes name it uniquely and collapsing can wait until the
 * flush. It holds at most {@code maxEntries} (song, day) pairs; the reader flushes it when {@link
 * #isFull()}.
 */
final class SongDayCombiner implements Plays.SongNames {

    /** Days summed by direct index per song, centred on the first day the combiner sees. */
    static final int WINDOW = 64;

    /**
     * Songs that get a day window (2 MiB of sums); later songs use the pair table only, so files
     * with millions of songs and few rows each do not allocate windows they would barely use.
     */
    static final int WINDOWED_SONGS = 1 << 12;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SONG_STRIDE = 3;
    private static final int INITIAL_SONGS = 1 << 10;

    private final int maxEntries;
    private final int maxSongs;
    private final int maxArenaBytes;

    // songs: index of song numbers + 1; per song: hash and length, arena offset, first 8 bytes
    private int[] songSlots;
    private int songMask;
    private long[] songs;
    private int songCount;
    private byte[] arena;
    private int arenaUsed;

    // the day window: sums per song and day, which of them are present, and their packed days
    private long[] windowSums;
    private long[] present;
    private int windowStart = Integer.MIN_VALUE;
    private final int[] windowDays = new int[WINDOW];

    // (song, day) pairs outside the window: key = song number << 32 | packed day, 0 = empty
    private long[] pairKeys;
    private long[] pairSums;
    private int pairMask;
    private int pairCount;

    private int size;

    // flush cursor
    private int cursorSong;
    private int cursorPair;

    SongDayCombiner(int maxEntries) {
        this.maxEntries = maxEntries;
        this.maxSongs = maxEntries;
        this.maxArenaBytes = Math.max(1 << 16, maxSongs * 64);
        int slots = Math.min(INITIAL_SONGS * 2, Integer.highestOneBit(maxSongs) * 4);
        songSlots = new int[slots];
        songMask = slots - 1;
        songs = new long[slots / 2 * SONG_STRIDE];
        arena = new byte[Math.min(slots * 16, maxArenaBytes)];
        windowSums = new long[Math.min(slots / 2, WINDOWED_SONGS) * WINDOW];
        present = new long[Math.min(slots / 2, WINDOWED_SONGS)];
        pairKeys = new long[64];
        pairSums = new long[64];
        pairMask = 63;
    }

    void add(byte[] b, int start, int length, int day, long plays) {
        int song = songNumber(b, start, length);
        if (windowStart == Integer.MIN_VALUE) {
            openWindow(day);
        }
        int offset = epochDay(day) - windowStart;
        if (song < WINDOWED_SONGS && offset >= 0 && offset < WINDOW) {
            int at = song * WINDOW + offset;
            long bit = 1L << offset;
            if ((present[song] & bit) == 0) {
                present[song] |= bit;
                windowSums[at] = plays;
                size++;
                return;
            }
            windowSums[at] = checkedSum(windowSums[at], plays, song, day);
            return;
        }
        addPair(song, day, plays);
    }

    private int songNumber(byte[] b, int start, int length) {
        int hash = hash(b, start, length);
        long tag = ((long) hash << 32) | length;
        long prefix = prefix(b, start, length);
        int slot = hash & songMask;
        while (true) {
            int song = songSlots[slot] - 1;
            if (song < 0) {
                return insertSong(slot, tag, prefix, b, start, length);
            }
            int at = song * SONG_STRIDE;
            if (songs[at] == tag
                    && songs[at + 2] == prefix
                    && (length <= 8
                            || sameBytes(
                                    arena, (int) songs[at + 1] + 8, b, start + 8, length - 8))) {
                return song;
            }
            slot = (slot + 1) & songMask;
        }
    }

    private int insertSong(int slot, long tag, long prefix, byte[] b, int start, int length) {
        if (arenaUsed + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaUsed + length, arena.length * 2));
        }
        System.arraycopy(b, start, arena, arenaUsed, length);
        int song = songCount++;
        if ((song + 1) * SONG_STRIDE > songs.length) {
            songs = Arrays.copyOf(songs, songs.length * 2);
        }
        if (song < WINDOWED_SONGS && song >= present.length) {
            present = Arrays.copyOf(present, present.length * 2);
            windowSums = Arrays.copyOf(windowSums, windowSums.length * 2);
        }
        int at = song * SONG_STRIDE;
        songs[at] = tag;
        songs[at + 1] = arenaUsed;
        songs[at + 2] = prefix;
        arenaUsed += length;
        songSlots[slot] = song + 1;
        if (songCount * 2 > songMask + 1) {
            growSongSlots();
        }
        return song;
    }

    private void growSongSlots() {
        int slots = (songMask + 1) * 2;
        songSlots = new int[slots];
        songMask = slots - 1;
        for (int song = 0; song < songCount; song++) {
            int slot = (int) (songs[song * SONG_STRIDE] >>> 32) & songMask;
            while (songSlots[slot] != 0) {
                slot = (slot + 1) & songMask;
            }
            songSlots[slot] = song + 1;
        }
    }

    private void addPair(int song, int day, long plays) {
        long key = ((long) song << 32) | day;
        int slot = mix(key) & pairMask;
        while (true) {
            long k = pairKeys[slot];
            if (k == 0) {
                pairKeys[slot] = key + 1;
                pairSums[slot] = plays;
                pairCount++;
                size++;
                if (pairCount * 2 > pairMask + 1) {
                    growPairs();
                }
                return;
            }
            if (k == key + 1) {
                pairSums[slot] = checkedSum(pairSums[slot], plays, song, day);
                return;
            }
            slot = (slot + 1) & pairMask;
        }
    }

    private void growPairs() {
        long[] keys = pairKeys;
        long[] sums = pairSums;
        int slots = (pairMask + 1) * 2;
        pairKeys = new long[slots];
        pairSums = new long[slots];
        pairMask = slots - 1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int slot = mix(keys[i] - 1) & pairMask;
                while (pairKeys[slot] != 0) {
                    slot = (slot + 1) & pairMask;
                }
                pairKeys[slot] = keys[i];
                pairSums[slot] = sums[i];
            }
        }
    }

    private void openWindow(int packedDay) {
        windowStart = epochDay(packedDay) - WINDOW / 2;
        LocalDate first = LocalDate.ofEpochDay(windowStart);
        for (int i = 0; i < WINDOW; i++) {
            LocalDate d = first.plusDays(i);
            windowDays[i] = d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
        }
    }

    private long checkedSum(long sum, long plays, int song, int day) {
        return Plays.add(sum, plays, this, song, day);
    }

    /** Whether the next distinct key could exceed the entry, song or byte budget. */
    boolean isFull() {
        return size >= maxEntries || songCount >= maxSongs || arenaUsed >= maxArenaBytes;
    }

    int size() {
        return size;
    }

    /** The next (song, day) total of a flush, or null when all were returned. */
    PartialSum next() {
        while (cursorSong < Math.min(songCount, WINDOWED_SONGS)) {
            long bits = present[cursorSong];
            if (bits != 0) {
                int offset = Long.numberOfTrailingZeros(bits);
                present[cursorSong] = bits & (bits - 1);
                return new PartialSum(
                        songBytes(cursorSong),
                        windowDays[offset],
                        windowSums[cursorSong * WINDOW + offset]);
            }
            cursorSong++;
        }
        while (cursorPair <= pairMask) {
            int slot = cursorPair++;
            long key = pairKeys[slot];
            if (key != 0) {
                key--;
                return new PartialSum(songBytes((int) (key >>> 32)), (int) key, pairSums[slot]);
            }
        }
        return null;
    }

    /** The song's UTF-8 bytes, with the doubled quotes of a quoted field made single. */
    private byte[] songBytes(int song) {
        int at = song * SONG_STRIDE;
        int start = (int) songs[at + 1];
        int length = (int) songs[at];
        for (int i = start; i < start + length; i++) {
            if (arena[i] == '"') {
                byte[] out = new byte[length];
                int n = FieldText.unescape(arena, start, start + length, out);
                return Arrays.copyOf(out, n);
            }
        }
        return Arrays.copyOfRange(arena, start, start + length);
    }

    @Override
    public String song(int song) {
        return songText(song);
    }

    private String songText(int song) {
        return new String(songBytes(song), StandardCharsets.UTF_8);
    }

    /** Days since 1970-01-01 of a packed {@code yyyyMMdd} day (proleptic Gregorian). */
    static int epochDay(int packed) {
        int y = packed / 10000;
        int m = packed / 100 % 100;
        int d = packed % 100;
        y -= m <= 2 ? 1 : 0;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
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

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    static int hash(byte[] b, int start, int length) {
        long h = 0x632BE59BD9B4E019L;
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

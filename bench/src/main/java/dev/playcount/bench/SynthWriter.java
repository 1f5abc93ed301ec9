package dev.playcount.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Synthetic input: {@code rows} rows over {@code songs x days} distinct (song, date) pairs.
 *
 * <p>When there are at least as many rows as pairs, the first {@code songs x days} rows visit every
 * pair once in a scrambled order, so the result has exactly {@code songs x days} rows; the rest (or
 * all rows, when there are fewer rows than pairs) pick pairs uniformly at random.
 */
public final class SynthWriter {

    private static final byte[] HEADER =
            "Song,Date,Number of Plays\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SONG = "Song ".getBytes(StandardCharsets.US_ASCII);

    private final long rows;
    private final int songs;
    private final int days;
    private final long seed;
    private final byte[][] dates;

    public SynthWriter(long rows, int songs, int days, long seed) {
        if (rows < 0 || songs < 1 || days < 1) {
            throw new IllegalArgumentException("need ROWS >= 0, SONGS >= 1, DAYS >= 1");
        }
        this.rows = rows;
        this.songs = songs;
        this.days = days;
        this.seed = seed;
        this.dates = new byte[days][];
        LocalDate first = LocalDate.of(2020, 1, 1);
        for (int d = 0; d < days; d++) {
            dates[d] = first.plusDays(d).toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    public void write(Path out) throws IOException {
        long started = System.nanoTime();
        long pairs = (long) songs * days;
        boolean coverAll = rows >= pairs;
        long stride = strideFor(pairs);
        long pair = 0;
        SplittableRandom random = new SplittableRandom(seed);
        try (ByteSink sink = new ByteSink(out, 8 << 20)) {
            sink.ensure(HEADER.length);
            sink.put(HEADER);
            for (long i = 0; i < rows; i++) {
                long p;
                if (coverAll && i < pairs) {
                    p = pair;
                    // stride is coprime with pairs, so the first `pairs` steps visit each pair once
                    pair += stride;
                    if (pair >= pairs) {
                        pair -= pairs;
                    }
                } else {
                    p = random.nextLong(pairs);
                }
                int song = (int) (p / days);
                int day = (int) (p % days);
                sink.ensure(512);
                putSong(sink, song);
                sink.put((byte) ',');
                sink.put(dates[day]);
                sink.put((byte) ',');
                sink.putDecimal(random.nextInt(10_000));
                sink.put((byte) '\n');
            }
            sink.flush();
            Generate.report(
                    out,
                    rows,
                    sink.written(),
                    started,
                    String.format(
                            "(%,d songs x %,d days = %,d pairs, %s, seed %d)",
                            songs,
                            days,
                            pairs,
                            coverAll ? "each pair at least once" : "random pairs",
                            seed));
        }
    }

    /** Plain {@code Song N} for 49 in 50 songs; the 50th needs quoting or is non-ASCII. */
    private static void putSong(ByteSink sink, int song) {
        if (song % 50 != 7) {
            sink.put(SONG);
            sink.putDecimal(song);
            return;
        }
        sink.put(specialName(song).getBytes(StandardCharsets.UTF_8));
    }

    /** The CSV field (quoted where needed) of a song whose name is not plain ASCII text. */
    static String specialName(int song) {
        switch (song / 50 % 10) {
            case 6:
            case 7:
                return "\"Song " + song + " \"\"remix\"\"\""; // Song N "remix"
            case 8:
                return "\"Café Ñ 東京, " + song + "\"";
            case 9:
                return "\"Song " + song + "\nB-side\""; // a line feed inside quotes
            default:
                return "\"Song " + song + ", live\"";
        }
    }

    /** A step near pairs / golden ratio that is coprime with pairs (scrambles the visit order). */
    private static long strideFor(long pairs) {
        if (pairs <= 1) {
            return 0;
        }
        long stride = Math.max(1, (long) (pairs * 0.6180339887));
        while (gcd(stride, pairs) != 1) {
            stride++;
        }
        return stride % pairs;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}

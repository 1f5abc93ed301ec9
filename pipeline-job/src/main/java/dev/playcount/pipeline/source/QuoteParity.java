package dev.playcount.pipeline.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Counts quote characters and line feeds eight bytes at a time.
 *
 * <p>The quote count's parity says whether an offset lies inside a quoted field, which is what
 * makes a cut point record-aligned; the line feed count gives each split its first line number. A
 * byte-at-a-time loop scanned 3.5 GB in 35 s; this one runs at memory speed.
 */
final class QuoteParity {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;

    long quotes;
    long lineFeeds;

    private QuoteParity() {}

    static QuoteParity zero() {
        return new QuoteParity();
    }

    void count(byte[] b, int from, int to) {
        int i = from;
        long q = 0;
        long lf = 0;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(b, i);
            q += Long.bitCount(zeroBytes(word ^ QUOTES));
            lf += Long.bitCount(zeroBytes(word ^ LINE_FEEDS));
        }
        for (; i < to; i++) {
            if (b[i] == '"') {
                q++;
            } else if (b[i] == '\n') {
                lf++;
            }
        }
        quotes += q;
        lineFeeds += lf;
    }

    /** 0x80 in each byte of {@code x} that is zero, 0 elsewhere; exact, unlike the usual trick. */
    private static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }

    void add(QuoteParity other) {
        quotes += other.quotes;
        lineFeeds += other.lineFeeds;
    }
}

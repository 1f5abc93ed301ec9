package dev.playcount.gateway.testing;

import dev.playcount.core.io.Sha256;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A valid plays CSV of a chosen size, generated while it is read (nothing held in memory), with the
 * SHA-256 of what was read so far.
 */
public final class CsvStream extends InputStream {

    private static final byte[] HEADER =
            "Song,Date,Number of Plays\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW =
            "\"Take Me Home, Country Roads\",2020-01-01,100\n".getBytes(StandardCharsets.US_ASCII);

    private final long size;
    private final MessageDigest sha;
    private long position;

    public CsvStream(long size) {
        this.size = size;
        this.sha = Sha256.digest();
    }

    /** The exact number of bytes this stream yields: whole rows only. */
    public long length() {
        long rows = Math.max(0, (size - HEADER.length) / ROW.length);
        return HEADER.length + rows * ROW.length;
    }

    public String sha256() {
        return Sha256.hex(sha);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        long end = length();
        if (position >= end) {
            return -1;
        }
        int n = (int) Math.min(len, end - position);
        for (int i = 0; i < n; i++) {
            long p = position + i;
            b[off + i] =
                    p < HEADER.length
                            ? HEADER[(int) p]
                            : ROW[(int) ((p - HEADER.length) % ROW.length)];
        }
        sha.update(b, off, n);
        position += n;
        return n;
    }
}

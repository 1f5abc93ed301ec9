package dev.playcount.gateway.decoding;

import dev.playcount.core.io.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The bytes of an upload as they arrive, before decoding: counted, hashed while asked to, and
 * watched, so a decoder's complaint can be told apart from the connection's own failure (a
 * connection that breaks is an interrupted upload, not a corrupt stream).
 */
final class ReceivedBytes extends FilterInputStream {

    private final MessageDigest sha = Sha256.digest();
    private boolean hashing = true;
    private String hex;
    private long count;
    private boolean ended;
    private IOException failure;

    ReceivedBytes(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (n < 0) {
            ended = true;
        } else {
            count += n;
            if (hashing) {
                sha.update(b, off, n);
            }
        }
        return n;
    }

    /**
     * At least 1 until the end was read. The JDK 17 GZIPInputStream looks for a further member only
     * when {@code available()} is positive (JDK-7036144), and a socket often has nothing buffered
     * just then: an honest 0 would drop every member after the first that had not yet arrived.
     */
    @Override
    public int available() {
        if (ended || failure != null) {
            return 0;
        }
        try {
            // a plain body's reader needs the truth: what came before a pause lands at once
            return hashing ? Math.max(1, in.available()) : in.available();
        } catch (IOException e) {
            return 1;
        }
    }

    @Override
    public void close() {
        // the request's stream belongs to the HTTP layer
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Stops hashing: a plain upload's received bytes are the stored ones, hashed there. */
    /**
     * The body is stored as it comes (plain CSV): no hash here, and an honest {@code available}.
     */
    void stopHashing() {
        hashing = false;
    }

    long count() {
        return count;
    }

    /** The SHA-256 of every byte received, once they all were. */
    String sha256() {
        if (hex == null) {
            hex = Sha256.hex(sha);
        }
        return hex;
    }

    boolean ended() {
        return ended;
    }

    /** The failure of a read from the connection itself, if one failed. */
    IOException failure() {
        return failure;
    }
}

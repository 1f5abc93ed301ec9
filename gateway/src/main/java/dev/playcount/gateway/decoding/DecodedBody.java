package dev.playcount.gateway.decoding;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.Encoding;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An upload's bytes decoded while they stream: gzip (the JDK's inflater, which reads concatenated
 * members), zstd (zstd-jni's streaming decoder, every frame) or plain, as the Content-Encoding
 * declared it or else as the first bytes tell (gzip's 1f 8b, zstd's 28 b5 2f fd). A stream that is
 * corrupt, truncated or followed by bytes that are not part of it fails the read with a {@link
 * BadRequestException} {@code invalid_encoding} naming the encoding and where; a connection that
 * fails fails with its own IOException, as an undecoded body would. Close it to free the decoder.
 */
public final class DecodedBody extends InputStream {

    /** What the decoder takes from the connection per read: bigger reads cost less per byte. */
    private static final int GZIP_INPUT_BUFFER = 64 << 10;

    /**
     * zstd frames may ask for a window of up to 2^27 bytes (128 MiB): what {@code zstd -d} allows
     * without {@code --memory}, so every file its defaults (and {@code --long}) write is read. It
     * is the decoder's memory per upload; a frame that asks for more is refused.
     */
    static final int ZSTD_WINDOW_LOG_MAX = 27;

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    private final ReceivedBytes received;
    private final PushbackInputStream head;
    private final Encoding declared;
    private Encoding encoding;
    private InputStream decoder;
    private boolean ended;

    private DecodedBody(InputStream body, Encoding declared) {
        this.received = new ReceivedBytes(body);
        this.head = new PushbackInputStream(received, ZSTD_MAGIC.length);
        this.declared = declared == Encoding.IDENTITY ? null : declared;
    }

    /**
     * @param declared the body's declared Content-Encoding; null or identity: told by its first
     *     bytes
     */
    public static DecodedBody of(InputStream body, Encoding declared) {
        return new DecodedBody(body, declared);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * What can be read without waiting: a plain body's bytes at hand (the writer then stores what
     * came before a pause of the client at once, so a job reading the file as it grows sees it);
     * for a decoder, what it says (the JDK's inflater says 1 until its end).
     */
    @Override
    public int available() throws IOException {
        if (ended) {
            return 0;
        }
        return decoder == null ? 0 : decoder.available();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (decoder == null) {
            decoder = open();
        }
        int n;
        try {
            n = decoder.read(b, off, len);
        } catch (IOException e) {
            throw connectionFailureOr(e);
        }
        if (n < 0) {
            ended = true;
            // A clean gzip end has read the connection to its end: the JDK's inflater, asked
            // for a further member, meets the end of the body. Short of it, bytes that are not a
            // member followed (and the inflater swallowed them, or some of them, silently).
            boolean more =
                    encoding == Encoding.GZIP
                            ? !received.ended()
                            : encoding == Encoding.ZSTD && !received.ended() && head.read() >= 0;
            if (more) {
                throw invalid(
                        "the "
                                + encoding.wireName()
                                + " stream ends after "
                                + received.count()
                                + " bytes received, but more bytes follow that are not "
                                + encoding.wireName());
            }
        }
        return n;
    }

    /** How the body was encoded; known once the first byte was read. */
    public Encoding encoding() {
        return encoding == null ? Encoding.IDENTITY : encoding;
    }

    /** The number of bytes received so far, before decoding. */
    public long receivedBytes() {
        return received.count();
    }

    /**
     * The SHA-256 of the bytes received, once they were all read; for a plain body the caller's own
     * hash of what it stored (the same bytes) serves, so none is computed here.
     */
    public String receivedSha256() {
        if (encoding() == Encoding.IDENTITY) {
            throw new IllegalStateException("a plain body is hashed where it is stored");
        }
        return received.sha256();
    }

    /** Frees the decoder's native memory; the connection's stream stays open. */
    @Override
    public void close() {
        if (decoder != null && decoder != head) {
            try {
                decoder.close();
            } catch (IOException e) {
                // nothing of the upload depends on it: its native memory is freed either way
            }
        }
    }

    private InputStream open() throws IOException {
        byte[] first = new byte[ZSTD_MAGIC.length];
        int n = 0;
        while (n < first.length) {
            int r = head.read(first, n, first.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        head.unread(first, 0, n);
        encoding = declared != null ? declared : sniff(first, n);
        if (declared == Encoding.GZIP && !startsWith(first, n, GZIP_MAGIC)) {
            throw invalid(
                    "Content-Encoding says gzip, but the body does not start as gzip does (1f 8b)");
        }
        try {
            return switch (encoding) {
                case IDENTITY -> {
                    received.stopHashing();
                    yield head;
                }
                case GZIP -> new GZIPInputStream(head, GZIP_INPUT_BUFFER);
                case ZSTD -> zstd();
            };
        } catch (IOException e) {
            throw connectionFailureOr(e); // GZIPInputStream reads the member's header at once
        }
    }

    private InputStream zstd() throws IOException {
        try {
            return new ZstdInputStreamNoFinalizer(head).setLongMax(ZSTD_WINDOW_LOG_MAX);
        } catch (LinkageError e) {
            // zstd-jni ships its native library for common platforms only (glibc, not musl)
            throw new IllegalStateException(
                    "zstd uploads cannot be decoded on this host: zstd-jni's native library did"
                            + " not load ("
                            + e
                            + "); java.io.tmpdir must allow executing the library it unpacks",
                    e);
        }
    }

    private static Encoding sniff(byte[] first, int n) {
        if (startsWith(first, n, GZIP_MAGIC)) {
            return Encoding.GZIP;
        }
        if (startsWith(first, n, ZSTD_MAGIC)) {
            return Encoding.ZSTD;
        }
        return Encoding.IDENTITY;
    }

    private static boolean startsWith(byte[] bytes, int n, byte[] magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The connection's own failure as it is, to be thrown; when the connection did not fail, throws
     * the decoder's complaint as a bad request: a stream that ended inside a member or frame is
     * truncated, anything else is corrupt.
     */
    private IOException connectionFailureOr(IOException e) {
        if (received.failure() != null) {
            return received.failure();
        }
        String name = encoding.wireName();
        boolean truncated =
                received.ended()
                        && (e instanceof EOFException
                                || String.valueOf(e.getMessage()).contains("Truncated"));
        if (truncated) {
            throw invalid(
                    "the "
                            + name
                            + " stream is truncated after "
                            + received.count()
                            + " bytes received: it ends inside a "
                            + (encoding == Encoding.GZIP ? "member" : "frame"));
        }
        throw invalid(
                "the "
                        + name
                        + " stream is corrupt ("
                        + e.getMessage()
                        + "), found within the first "
                        + received.count()
                        + " bytes received");
    }

    private static BadRequestException invalid(String message) {
        return new BadRequestException("invalid_encoding", message, List.of());
    }
}

package dev.playcount.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams the parts of a multipart/form-data body (RFC 7578) without holding any part: each part's
 * content is an InputStream that ends at the next boundary.
 *
 * <p>Hand-written because it is the upload's hot path: Commons FileUpload 2.0.0-M4 looks for the
 * boundary one byte at a time and capped multipart uploads at ~350 MB/s of one core; this reader
 * skips through the buffer with Boyer-Moore-Horspool (bench/gateway-io has both figures). Commons
 * FileUpload stays the oracle of its tests.
 */
final class MultipartReader {

    private static final int BUFFER = 1 << 20;
    // The buffer grows from this to BUFFER only as bytes arrive, so a client that trickles pins
    // little heap.
    private static final int FIRST_BUFFER = 16 << 10;
    private static final int MAX_HEADERS = 16 << 10;
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

    /** One part: its form field name, its file name (null for a plain field), its content. */
    record Part(String name, String fileName, InputStream content) {}

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final int[] skip = new int[256];
    private byte[] buf = new byte[FIRST_BUFFER];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean done;
    private PartStream current;

    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int m = delimiter.length;
        Arrays.fill(skip, m);
        for (int i = 0; i < m - 1; i++) {
            skip[delimiter[i] & 0xFF] = m - 1 - i;
        }
        // A virtual CRLF lets the first boundary, which may open the body, match the delimiter.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    static String boundary(String contentType) {
        Matcher m = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|[^;\\s]+)").matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    /** The next part, or null after the closing boundary. */
    Part next() throws IOException {
        if (current != null) {
            current.skipRest();
        } else {
            skipPreamble();
        }
        if (done) {
            return null;
        }
        String headers = readHeaders();
        String disposition = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon)
                            .strip()
                            .toLowerCase(Locale.ROOT)
                            .equals("content-disposition")) {
                disposition = line.substring(colon + 1);
            }
        }
        String name = disposition == null ? null : group(NAME, disposition);
        String fileName = disposition == null ? null : group(FILENAME, disposition);
        current = new PartStream();
        return new Part(name, fileName, current);
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private void skipPreamble() throws IOException {
        while (true) {
            int at = find();
            if (at >= 0) {
                pos = at + delimiter.length;
                afterDelimiter();
                return;
            }
            pos = Math.max(pos, lim - delimiter.length + 1);
            if (!fill()) {
                throw malformed("the multipart body has no boundary '" + boundaryText() + "'");
            }
        }
    }

    /** After a delimiter: "--" closes the body, otherwise the line ends and headers follow. */
    private void afterDelimiter() throws IOException {
        require(2);
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            done = true;
            return;
        }
        while (true) { // transport padding, then CRLF
            require(1);
            byte b = buf[pos++];
            if (b == '\n') {
                return;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                throw malformed("unexpected byte after a boundary");
            }
        }
    }

    private String readHeaders() throws IOException {
        int start = pos;
        while (true) {
            for (int i = Math.max(start, pos); i + 3 < lim; i++) {
                if (buf[i] == '\r'
                        && buf[i + 1] == '\n'
                        && buf[i + 2] == '\r'
                        && buf[i + 3] == '\n') {
                    String headers = new String(buf, start, i - start, StandardCharsets.UTF_8);
                    pos = i + 4;
                    return headers;
                }
            }
            if (lim - start > MAX_HEADERS) {
                throw malformed("a part's headers are longer than " + MAX_HEADERS + " bytes");
            }
            int kept = lim - start;
            compact(start);
            start = 0;
            pos = Math.max(0, kept - 3);
            if (!fill()) {
                throw malformed("the multipart body ended inside a part's headers");
            }
        }
    }

    /** Index of the next delimiter at or after pos within the buffer, or -1. */
    private int find() {
        int m = delimiter.length;
        int i = pos;
        byte last = delimiter[m - 1];
        while (i + m <= lim) {
            byte b = buf[i + m - 1];
            if (b == last && matchesAt(i)) {
                return i;
            }
            i += skip[b & 0xFF];
        }
        return -1;
    }

    private boolean matchesAt(int i) {
        for (int j = delimiter.length - 2; j >= 0; j--) {
            if (buf[i + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    private void require(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) {
                throw malformed("the multipart body ended before its closing boundary");
            }
        }
    }

    /** Moves the bytes from {@code from} to the buffer's start. */
    private void compact(int from) {
        System.arraycopy(buf, from, buf, 0, lim - from);
        pos -= from;
        lim -= from;
    }

    /** Reads more bytes into the buffer; false at the end of the body. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (lim == buf.length) {
            if (buf.length < BUFFER) {
                buf = Arrays.copyOf(buf, Math.min(BUFFER, buf.length * 4));
            } else {
                compact(pos);
            }
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /**
     * Reads the rest of the body, parts and epilogue, to its end, so a body cut short of its
     * Content-Length (or of its last chunk) fails here instead of passing as complete.
     *
     * @throws IOException when the body ends early or has no closing boundary
     */
    void finish() throws IOException {
        while (next() != null) {
            // parts after the file are not used
        }
        while (fill()) {
            pos = lim;
        }
    }

    private String boundaryText() {
        return new String(delimiter, 4, delimiter.length - 4, StandardCharsets.ISO_8859_1);
    }

    private static IOException malformed(String message) {
        return new IOException("malformed multipart body: " + message);
    }

    /** One part's content: the bytes up to the next delimiter. */
    private final class PartStream extends InputStream {

        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            while (true) {
                int at = find();
                int safe = at >= 0 ? at : lim - delimiter.length + 1;
                if (safe > pos) {
                    int n = Math.min(len, safe - pos);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (at == pos) {
                    ended = true;
                    pos += delimiter.length;
                    afterDelimiter();
                    return -1;
                }
                if (!fill()) {
                    throw malformed("the multipart body ended before its closing boundary");
                }
            }
        }

        /**
         * 1 when a read need not wait for the client: a delimiter's length is buffered (some bytes
         * before it, or the delimiter itself), or the request has more at hand; else 0. It never
         * scans the buffer: the writer asks after every read.
         */
        @Override
        public int available() throws IOException {
            if (ended) {
                return 0;
            }
            return lim - pos >= delimiter.length || in.available() > 0 ? 1 : 0;
        }

        void skipRest() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // discard
            }
        }
    }
}

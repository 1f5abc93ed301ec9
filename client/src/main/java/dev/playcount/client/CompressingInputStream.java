package dev.playcount.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The compressed form of an input stream, pulled as it is read: fixed-size blocks of the input go
 * into the compressor and what it writes is handed out. The same input always gives the same bytes,
 * so a resumed upload can re-create and skip what the service already has.
 */
final class CompressingInputStream extends InputStream {

    private static final int BLOCK = 128 * 1024;

    private final InputStream in;
    private final Buffer out = new Buffer();
    private final OutputStream compressor;
    private final byte[] block = new byte[BLOCK];
    private int readPos;
    private boolean finished;

    CompressingInputStream(InputStream in, Compression compression, int level) throws IOException {
        this.in = in;
        this.compressor = compression.compressor(out, level);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (readPos == out.size()) {
            if (finished) {
                return -1;
            }
            out.reset();
            readPos = 0;
            // readNBytes: always whole blocks until the end, so the compressor sees the same calls
            int n = in.readNBytes(block, 0, BLOCK);
            if (n > 0) {
                compressor.write(block, 0, n);
            }
            if (n < BLOCK) {
                compressor.close();
                finished = true;
            }
        }
        int n = Math.min(len, out.size() - readPos);
        System.arraycopy(out.bytes(), readPos, b, off, n);
        readPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                finished = true;
                compressor.close();
            }
        } finally {
            in.close();
        }
    }

    /** A byte buffer whose array can be read without a copy; closing it does nothing. */
    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }

        @Override
        public void close() {}
    }
}

package dev.playcount.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A large byte buffer in front of a file channel, with hand-rolled ASCII number formatting. */
final class ByteSink implements AutoCloseable {

    private final FileChannel channel;
    private final byte[] buf;
    private int pos;
    private long written;

    ByteSink(Path out, int bufferBytes) throws IOException {
        channel =
                FileChannel.open(
                        out,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
        buf = new byte[bufferBytes];
    }

    /** Makes room for {@code n} more bytes, flushing when needed. */
    void ensure(int n) throws IOException {
        if (buf.length - pos < n) {
            flush();
        }
    }

    void put(byte b) {
        buf[pos++] = b;
    }

    void put(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** Writes a non-negative number in decimal. */
    void putDecimal(long v) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    /** Writes bytes straight to the channel, past the buffer (after flushing it). */
    void putDirect(ByteBuffer b) throws IOException {
        flush();
        while (b.hasRemaining()) {
            written += channel.write(b);
        }
    }

    void flush() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, pos);
        while (b.hasRemaining()) {
            written += channel.write(b);
        }
        pos = 0;
    }

    long written() {
        return written + pos;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}

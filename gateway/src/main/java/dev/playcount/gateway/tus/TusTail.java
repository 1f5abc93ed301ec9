package dev.playcount.gateway.tus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The received bytes of one resumable upload as one blocking stream: reads what the PATCHes have
 * written so far, waits (on the session's monitor, woken by each PATCH) for more, ends once the
 * upload is complete, and throws {@link dev.playcount.gateway.task.UploadInterruptedException} when
 * it is terminated or expires.
 */
final class TusTail extends InputStream {

    /** While a PATCH writes, its bytes land without a notification: look again this often. */
    private static final long STREAMING_POLL_MILLIS = 20;

    /** Between PATCHes every change notifies; this only bounds how late expiry is seen. */
    private static final long IDLE_POLL_MILLIS = 1000;

    private static final long KEEP_ALIVE_MILLIS = 60_000;

    private final TusSession session;
    private final FileChannel data;
    private final Runnable keepAlive;
    private long position;
    private long lastKeepAlive = System.currentTimeMillis();

    /**
     * @param keepAlive run about every minute while waiting: the stored copy's file must look alive
     *     to the cleanup while the client pauses
     */
    TusTail(TusSession session, Path dataFile, Runnable keepAlive) throws IOException {
        this.session = session;
        this.data = FileChannel.open(dataFile, StandardOpenOption.READ);
        this.keepAlive = keepAlive;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            long limit = session.readableUpTo(data.size());
            if (position < limit) {
                int want = (int) Math.min(len, limit - position);
                int n = data.read(ByteBuffer.wrap(b, off, want), position);
                if (n > 0) {
                    position += n;
                    session.consumed(position);
                    return n;
                }
            }
            if (session.complete(position)) {
                return -1;
            }
            session.awaitMore(position, pollMillis());
            long now = System.currentTimeMillis();
            if (now - lastKeepAlive > KEEP_ALIVE_MILLIS) {
                lastKeepAlive = now;
                keepAlive.run();
            }
        }
    }

    /** Polls often while a PATCH without checksum may be writing, rarely otherwise. */
    private long pollMillis() {
        return session.readableUpTo(Long.MAX_VALUE) > session.committed()
                ? STREAMING_POLL_MILLIS
                : IDLE_POLL_MILLIS;
    }

    @Override
    public void close() throws IOException {
        data.close();
    }
}

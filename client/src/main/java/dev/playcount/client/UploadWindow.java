package dev.playcount.client;

import java.io.IOException;

/**
 * The chunk being sent: bytes {@code [start, start+len)} of the upload, read from the source, and
 * {@code at}, how far the service has them. A resync outside the chunk re-opens the source.
 */
final class UploadWindow implements AutoCloseable {
    final UploadRequest req;
    final byte[] chunk;
    UploadSource src;
    long start;
    int len;
    long at;
    boolean last;
    boolean lengthSent;

    UploadWindow(UploadRequest req, int size) {
        this.req = req;
        this.chunk = new byte[size];
    }

    void moveTo(long offset) throws IOException {
        if (src != null) {
            src.close();
        }
        src = UploadSource.open(req.file(), req.compression(), req.level(), offset);
        at = offset;
        fill();
    }

    private void fill() throws IOException {
        start = at;
        len = src.fill(chunk);
        last = src.atEnd();
    }

    long end() {
        return start + len;
    }

    int from() {
        return (int) (at - start);
    }

    int remaining() {
        return len - from();
    }

    boolean done() {
        return at == end() && last;
    }

    void advance(long offset) throws IOException {
        resync(new TusClient.Offset(offset, -1));
    }

    void resync(TusClient.Offset o) throws IOException {
        lengthSent |= o.length() >= 0;
        long offset = o.offset();
        if (offset > end()) {
            throw new ClientException(
                    ExitCode.REFUSED,
                    "upload: the service claims "
                            + offset
                            + " bytes, more than the "
                            + end()
                            + " sent");
        }
        if (offset < start) {
            moveTo(offset);
            return;
        }
        at = offset;
        if (at == end() && !last) {
            fill();
        }
    }

    @Override
    public void close() throws IOException {
        if (src != null) {
            src.close();
        }
    }
}

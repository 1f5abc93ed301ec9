package dev.playcount.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The chunk being sent: bytes {@code [start, start+len)} of the upload, read from the source, and
 * {@code at}, how far the service has them. A resync outside the chunk re-opens the source.
 *
 * <p>While a PATCH is on the wire the next chunk is read, and its checksum computed, on a thread of
 * its own into a second buffer: tus allows one PATCH at a time, so reading and hashing in between
 * would leave the link idle for that long at every chunk (a third of a 100 MB/s link's time,
 * measured). Memory: two chunks.
 */
final class UploadWindow implements AutoCloseable {

    /** A chunk read ahead: its bytes, length, whether it ends the upload, its checksum. */
    private record Ahead(byte[] buf, int len, boolean last, Optional<String> checksum) {}

    final UploadRequest req;
    private final Optional<String> algorithm;
    private final ExecutorService reader;
    byte[] chunk;
    private byte[] spare;
    private Optional<String> checksum = Optional.empty();
    private CompletableFuture<Ahead> ahead;
    UploadSource src;
    long start;
    int len;
    long at;
    boolean last;
    boolean lengthSent;

    /** A window without checksums (tests). */
    UploadWindow(UploadRequest req, int size) {
        this(req, size, Optional.empty());
    }

    /** {@code algorithm}: the tus checksum algorithm of every PATCH, if any. */
    UploadWindow(UploadRequest req, int size, Optional<String> algorithm) {
        this.req = req;
        this.algorithm = algorithm;
        this.chunk = new byte[size];
        this.spare = new byte[size];
        this.reader =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "upload-read-ahead");
                            t.setDaemon(true);
                            return t;
                        });
    }

    void moveTo(long offset) throws IOException {
        settle();
        if (src != null) {
            src.close();
        }
        src = UploadSource.open(req.file(), req.compression(), req.level(), offset);
        at = offset;
        start = at;
        take(read(chunk));
    }

    /** Reads the chunk after this one into the spare buffer, in the background. */
    private void readAhead() {
        if (last) {
            return;
        }
        byte[] buf = spare;
        ahead =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return read(buf);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        reader);
    }

    private Ahead read(byte[] buf) throws IOException {
        int n = src.fill(buf);
        boolean end = src.atEnd();
        return new Ahead(buf, n, end, algorithm.map(alg -> TusClient.digest(alg, buf, 0, n)));
    }

    private void take(Ahead a) {
        if (a.buf() != chunk) {
            spare = chunk;
            chunk = a.buf();
        }
        len = a.len();
        last = a.last();
        checksum = a.checksum().map(d -> algorithm.get() + " " + d);
        readAhead();
    }

    /** Waits for a read ahead under way; it is dropped (the source is about to be re-opened). */
    private void settle() throws IOException {
        if (ahead == null) {
            return;
        }
        try {
            ahead.join();
        } catch (RuntimeException e) {
            // its failure is the old source's; the new one reads afresh
        }
        ahead = null;
    }

    private void next() throws IOException {
        try {
            Ahead a = ahead.get();
            ahead = null;
            start = at;
            take(a);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCode.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(e.getCause());
        }
    }

    /** The {@code Upload-Checksum} of what is left of the chunk to send, if checksums are on. */
    Optional<String> checksum() {
        if (from() == 0) {
            return checksum;
        }
        return algorithm.map(alg -> alg + " " + TusClient.digest(alg, chunk, from(), remaining()));
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
            next();
        }
    }

    /** The SHA-256 of every upload byte, once {@link #done()}. */
    String sha256Hex() throws IOException {
        settle();
        return src.sha256Hex();
    }

    @Override
    public void close() throws IOException {
        try {
            settle();
        } finally {
            reader.shutdownNow();
            if (src != null) {
                src.close();
            }
        }
    }
}

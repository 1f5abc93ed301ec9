package dev.playcount.gateway.storage;

import dev.playcount.core.csv.CsvHeader;
import dev.playcount.core.csv.InvalidHeaderException;
import dev.playcount.core.io.Sha256;
import dev.playcount.core.upload.UploadMarker;
import dev.playcount.gateway.decoding.DecodedBody;
import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.Encoding;
import dev.playcount.gateway.task.StorageFullException;
import dev.playcount.gateway.task.StoredUpload;
import dev.playcount.gateway.task.UploadInterruptedException;
import dev.playcount.gateway.task.UploadStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Streams one upload to a file with constant memory: checks the CSV header from the first bytes (so
 * a bad file is refused before the rest is read), hashes and counts every byte, and stops when the
 * disk would fall below the free-space floor. On any failure the file is deleted.
 */
public final class UploadWriter implements UploadStore {

    private static final int BUFFER = 1 << 20;
    private static final int HEADER_LIMIT = 64 << 10;
    private static final int FIRST_READ = 8 << 10;
    private static final long SPACE_CHECK_EVERY = 64L << 20;

    /**
     * What is stored before the task is recorded and its job queued while the rest arrives. A
     * smaller upload is recorded once complete: recording pauses the reading, and Jetty's
     * MIN_DATA_RATE, an average from the first byte, would end a small body read that slowly.
     */
    static final long FIRST_PART = BUFFER;

    /**
     * Smaller blocks are hashed and written on the request's thread. They are what arrived before
     * the client paused (a fast client's bytes pile up while a block is stored, so its blocks are
     * large and go to the store threads).
     */
    private static final int ASYNC_BLOCK = 256 << 10;

    /** The first bytes of an upload, its header row complete among them. */
    private record Head(byte[] buf, int length) {}

    private final FileStore store;
    private final long minFreeDisk;
    private final LongSupplier reservedBytes;
    private final ExecutorService storeThreads;

    /**
     * @param reservedBytes what queued and running jobs may still write (their results), kept free
     *     on top of the floor
     * @param storeThreads hash and write blocks while the request thread reads the next one
     */
    public UploadWriter(
            FileStore store,
            long minFreeDisk,
            LongSupplier reservedBytes,
            ExecutorService storeThreads) {
        this.store = store;
        this.minFreeDisk = minFreeDisk;
        this.reservedBytes = reservedBytes;
        this.storeThreads = storeThreads;
    }

    /**
     * Refuses early when the declared size (-1 if unknown) cannot fit above the floor plus what
     * running jobs will still write.
     */
    @Override
    public void checkRoomFor(long declaredBytes) {
        long free = usableSpace();
        long reserved = Math.max(0, reservedBytes.getAsLong());
        if (free - reserved - Math.max(0, declaredBytes) < minFreeDisk) {
            throw full(free, reserved);
        }
    }

    /**
     * Decodes the body (as declared, else as its first bytes tell) while it streams to the task's
     * input: the header check, the hash and {@code stored} see the decoded CSV, so the upload limit
     * counts decoded bytes and stops a decompression bomb.
     */
    @Override
    public StoredUpload write(
            String taskId,
            InputStream body,
            Encoding declared,
            LongConsumer stored,
            Runnable firstPartStored) {
        try (DecodedBody csv = DecodedBody.of(body, declared)) {
            StoredUpload plain = write(csv, store.input(taskId), stored, firstPartStored);
            if (csv.encoding() == Encoding.IDENTITY) {
                return plain;
            }
            return new StoredUpload(
                    plain.bytes(),
                    plain.sha256(),
                    csv.encoding(),
                    csv.receivedBytes(),
                    csv.receivedSha256());
        }
    }

    /** The marker that tells the job reading the input that it is complete, and how it ends. */
    @Override
    public void complete(String taskId, StoredUpload stored) throws IOException {
        UploadMarker.complete(stored.bytes(), stored.sha256()).writeFor(store.input(taskId));
    }

    /**
     * Writes {@code in} to {@code target}.
     *
     * @param written told the number of bytes of each chunk as it is stored
     */
    public StoredUpload write(InputStream in, Path target, LongConsumer written) {
        return write(in, target, written, () -> {});
    }

    /**
     * Writes {@code in} to {@code target}, running {@code firstPartStored} once the header is
     * accepted and the first {@link #FIRST_PART} is on disk (never for a smaller upload).
     */
    public StoredUpload write(
            InputStream in, Path target, LongConsumer written, Runnable firstPartStored) {
        boolean done = false;
        Future<?> hashing = null;
        Future<?> storing = null;
        try (FileChannel out =
                FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            MessageDigest sha = Sha256.digest();
            // Two buffers: while one is hashed and written, each on a store thread of its own, the
            // request thread reads the socket into the other. Copying into the page cache is the
            // slowest step; one thread doing all three reached ~300 MB/s on the benchmark VM.
            // Each grows only as bytes arrive, so a client that trickles pins little heap.
            byte[][] buffers = new byte[2][];
            Head head = readHeader(in);
            buffers[0] = head.buf();
            byte[] buf = buffers[0];
            int n = head.length();
            long total = 0;
            long nextSpaceCheck = SPACE_CHECK_EVERY;
            boolean streaming = firstPartStored != null;
            boolean eof = false;
            while (n > 0) {
                // The socket hands over a few KiB per read: gather a full buffer first, so hashing
                // and writing run in large blocks. When a job reads the file as it arrives, what
                // came before a pause of the client lands now, not once a buffer is full.
                while (true) {
                    if (n == buf.length && buf.length < BUFFER) {
                        buf = Arrays.copyOf(buf, Math.min(BUFFER, buf.length * 4));
                    }
                    if (n == buf.length || streaming && available(in) <= 0) {
                        break;
                    }
                    int r = read(in, buf, n, buf.length - n);
                    if (r < 0) {
                        eof = true;
                        break;
                    }
                    n += r;
                }
                awaitStored(hashing);
                awaitStored(storing);
                byte[] block = buf;
                int length = n;
                if (length < ASYNC_BLOCK) {
                    // what a slow or pausing client sent: two hand-offs to the store threads
                    // would cost more than the work (and on a busy machine, milliseconds each)
                    sha.update(block, 0, length);
                    writeFully(out, block, length);
                    hashing = null;
                    storing = null;
                } else {
                    hashing = storeThreads.submit(() -> sha.update(block, 0, length));
                    storing =
                            storeThreads.submit(
                                    () -> {
                                        writeFully(out, block, length);
                                        return null;
                                    });
                }
                total += n;
                written.accept(n);
                if (firstPartStored != null && total >= FIRST_PART) {
                    // on disk before anyone is told: a job may read it from now on
                    awaitStored(storing);
                    firstPartStored.run();
                    firstPartStored = null;
                }
                if (total >= nextSpaceCheck) {
                    nextSpaceCheck += SPACE_CHECK_EVERY;
                    checkRoomFor(0);
                }
                if (eof) {
                    break;
                }
                int other = buf == buffers[0] ? 1 : 0;
                buffers[1 - other] = buf;
                if (buffers[other] == null) {
                    buffers[other] = new byte[BUFFER];
                }
                buf = buffers[other];
                n = read(in, buf, 0, buf.length);
            }
            awaitStored(hashing);
            awaitStored(storing);
            hashing = null;
            storing = null;
            done = true;
            return new StoredUpload(total, Sha256.hex(sha));
        } catch (IOException e) {
            throw diskError(e);
        } finally {
            for (Future<?> pending : new Future<?>[] {hashing, storing}) {
                if (pending != null) {
                    pending.cancel(false);
                    try {
                        awaitStored(pending);
                    } catch (RuntimeException | IOException e) {
                        // the upload failed already; this block's fate does not matter
                    }
                }
            }
            if (!done) {
                deleteQuietly(target);
            }
        }
    }

    private static void awaitStored(Future<?> storing) throws IOException {
        if (storing == null || storing.isCancelled()) {
            return;
        }
        try {
            storing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadInterruptedException("interrupted while storing the upload", e);
        } catch (java.util.concurrent.CancellationException e) {
            // cancelled before it ran
        }
    }

    /**
     * Reads until the header row is complete and checks it; returns the bytes read so far. The
     * buffer starts small and grows with what arrives, up to the header limit.
     */
    private static Head readHeader(InputStream in) {
        byte[] buf = new byte[FIRST_READ];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n == HEADER_LIMIT) {
                    // The row may still be a valid start of a header: without this answer the
                    // loop would ask for 0 more bytes forever.
                    throw new BadRequestException(
                            "invalid_header",
                            "the header row is longer than "
                                    + HEADER_LIMIT
                                    + " bytes (64 KiB), the most the gateway reads for it; is this"
                                    + " a CSV file with a header row Song,Date,Number of Plays?",
                            List.of());
                }
                buf = Arrays.copyOf(buf, Math.min(HEADER_LIMIT, buf.length * 4));
            }
            int r = read(in, buf, n, buf.length - n);
            boolean eof = r < 0;
            n += Math.max(r, 0);
            try {
                CsvHeader header = CsvHeader.tryRead(buf, n, eof);
                if (header != null) {
                    return new Head(buf, n);
                }
                if (eof) {
                    CsvHeader.read(buf, n, true);
                }
            } catch (InvalidHeaderException e) {
                throw new BadRequestException("invalid_header", e.getMessage(), List.of());
            }
        }
    }

    private static int read(InputStream in, byte[] buf, int off, int len) {
        try {
            int r = in.read(buf, off, len);
            while (r == 0) {
                r = in.read(buf, off, len);
            }
            return r;
        } catch (IOException e) {
            throw UploadInterruptedException.of(e);
        }
    }

    /** Bytes the body can hand over without blocking; 0 when it cannot tell. */
    private static int available(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void writeFully(FileChannel out, byte[] buf, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
            out.write(bb);
        }
    }

    private long usableSpace() {
        try {
            return store.usableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of " + store.root(), e);
        }
    }

    private StorageFullException full(long free, long reserved) {
        return new StorageFullException(
                "not enough free disk for this upload: "
                        + (free >> 20)
                        + " MiB free, "
                        + (reserved >> 20)
                        + " MiB of it kept for the results of queued and running tasks, and"
                        + " MIN_FREE_DISK keeps "
                        + (minFreeDisk >> 20)
                        + " MiB free");
    }

    private RuntimeException diskError(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("Disk quota")) {
            return new StorageFullException("the disk is full: " + message);
        }
        return new UncheckedIOException("cannot store the upload under " + store.root(), e);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort; cleanup removes orphaned partial uploads later
        }
    }
}

package dev.playcount.gateway.testing;

import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.Encoding;
import dev.playcount.gateway.task.StorageFullException;
import dev.playcount.gateway.task.StoredFile;
import dev.playcount.gateway.task.StoredUpload;
import dev.playcount.gateway.task.TaskFiles;
import dev.playcount.gateway.task.UploadStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Task files and uploads in a map, laid out as {@code FileStore} lays them out on disk ({@code
 * uploads/ID.part}, {@code inputs/ID.csv}, {@code results/ID.csv}, {@code rejects/ID.csv} and the
 * staging folders), each with the time it was last written.
 */
public final class InMemoryFileStore implements TaskFiles, UploadStore {

    private static final Path ROOT = Path.of("/in-memory");

    /** The folders of the layout. */
    public enum Kind {
        UPLOAD("uploads", ".part"),
        INPUT("inputs", ".csv"),
        RESULT("results", ".csv"),
        REJECTS("rejects", ".csv"),
        RESULT_STAGING("results", ".staging"),
        REJECTS_STAGING("rejects", ".staging");

        private final String folder;
        private final String suffix;

        Kind(String folder, String suffix) {
            this.folder = folder;
            this.suffix = suffix;
        }

        Path path(String id) {
            return staging()
                    ? ROOT.resolve(folder).resolve("." + id + suffix)
                    : ROOT.resolve(folder).resolve(id + suffix);
        }

        boolean staging() {
            return this == RESULT_STAGING || this == REJECTS_STAGING;
        }
    }

    private record Entry(String taskId, Kind kind, byte[] content, Instant modified) {}

    private final Map<Path, Entry> files = new TreeMap<>();
    private final Clock clock;
    private RuntimeException writeFailure;
    private IOException commitFailure;
    private boolean full;
    private Encoding lastDeclaredEncoding;

    public InMemoryFileStore(Clock clock) {
        this.clock = clock;
    }

    /** Writes a file of the task as if a step of its life had left it there. */
    public synchronized void put(Kind kind, String id, Instant modified) {
        files.put(kind.path(id), new Entry(id, kind, new byte[0], modified));
    }

    public synchronized boolean has(Kind kind, String id) {
        return files.containsKey(kind.path(id));
    }

    /** The kinds of files the task has now. */
    public synchronized List<Kind> filesOf(String id) {
        return files.values().stream().filter(e -> e.taskId().equals(id)).map(Entry::kind).toList();
    }

    public synchronized boolean isEmpty() {
        return files.isEmpty();
    }

    /** The encoding the last upload declared (null: none). */
    public synchronized Encoding lastDeclaredEncoding() {
        return lastDeclaredEncoding;
    }

    /** The next upload fails with {@code e} after reading its body (a bad header, say). */
    public synchronized void failWrites(RuntimeException e) {
        writeFailure = e;
    }

    public synchronized void failCommits(IOException e) {
        commitFailure = e;
    }

    /** The disk is full: no upload fits. */
    public synchronized void full(boolean value) {
        full = value;
    }

    @Override
    public synchronized void checkRoomFor(long declaredBytes) {
        if (full) {
            throw new StorageFullException("not enough free disk for this upload (in memory)");
        }
    }

    /**
     * Stores the whole body as it comes (decoding is the real store's), noting the declared
     * encoding, then tells that its first part is stored; {@link #complete} makes it the input.
     */
    @Override
    public StoredUpload write(
            String taskId,
            InputStream body,
            Encoding declared,
            LongConsumer stored,
            Runnable firstPartStored) {
        synchronized (this) {
            lastDeclaredEncoding = declared;
        }
        byte[] content;
        try {
            content = body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            if (writeFailure != null) {
                throw writeFailure;
            }
            checkRoomFor(content.length);
            files.put(
                    Kind.UPLOAD.path(taskId),
                    new Entry(taskId, Kind.UPLOAD, content, clock.instant()));
        }
        stored.accept(content.length);
        firstPartStored.run();
        return new StoredUpload(content.length, digest(content));
    }

    /** What the fake reports as an upload's SHA-256: stable for equal contents, not the hash. */
    public static String digest(byte[] content) {
        return "digest-" + content.length + "-" + Integer.toHexString(Arrays.hashCode(content));
    }

    @Override
    public synchronized void complete(String taskId, StoredUpload stored) throws IOException {
        if (commitFailure != null) {
            throw commitFailure;
        }
        Entry upload = files.remove(Kind.UPLOAD.path(taskId));
        if (upload == null) {
            throw new IOException("no upload of task " + taskId);
        }
        files.put(
                Kind.INPUT.path(taskId),
                new Entry(taskId, Kind.INPUT, upload.content(), clock.instant()));
    }

    /** Refuses to store an upload whose header is not the job's (as the real store does). */
    public static BadRequestException badHeader() {
        return new BadRequestException(
                "invalid_header", "the header lacks the column Song", List.of());
    }

    @Override
    public Path result(String id) {
        return Kind.RESULT.path(id);
    }

    @Override
    public Path rejects(String id) {
        return Kind.REJECTS.path(id);
    }

    @Override
    public synchronized void deleteAll(String id) {
        deleteInput(id);
        files.remove(Kind.UPLOAD.path(id));
        deleteOutputs(id);
    }

    @Override
    public synchronized void deleteInput(String id) {
        files.remove(Kind.INPUT.path(id));
    }

    @Override
    public synchronized void deleteStaging(String id) {
        files.remove(Kind.RESULT_STAGING.path(id));
        files.remove(Kind.REJECTS_STAGING.path(id));
    }

    @Override
    public synchronized void deleteOutputs(String id) {
        for (Kind kind :
                List.of(Kind.RESULT, Kind.REJECTS, Kind.RESULT_STAGING, Kind.REJECTS_STAGING)) {
            files.remove(kind.path(id));
        }
    }

    @Override
    public synchronized List<StoredFile> list() {
        return files.entrySet().stream()
                .map(
                        e ->
                                new StoredFile(
                                        e.getKey(),
                                        e.getValue().taskId(),
                                        e.getValue().kind() == Kind.UPLOAD,
                                        e.getValue().kind().staging(),
                                        e.getValue().modified()))
                .toList();
    }

    @Override
    public synchronized void delete(StoredFile file) {
        files.remove(file.path());
    }
}

package dev.playcount.gateway.tus;

import dev.playcount.core.concurrent.NamedThreads;
import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskNotFoundException;
import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.task.Upload;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.disk.DiskLockingService;
import me.desair.tus.server.upload.disk.DiskStorageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads on tus 1.0 (tus-java-server, its files under {@code STORAGE_DIR/tus}): each
 * upload, from its creation, is stored by {@link TaskService#accept} on a thread of its own that
 * reads the upload's received bytes as they arrive ({@link TusTail}), with the upload's id as the
 * task's id. Its last byte makes the task; a refusal on the way (bad header, size, quota) ends the
 * upload and its files.
 */
public final class ResumableUploads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResumableUploads.class);

    /** How long the last PATCH waits for its task to be recorded, so that it can say if not. */
    private static final long LAST_PATCH_WAIT_MILLIS = 120_000;

    private final TusFileUploadService tus;
    private final DiskStorageService storage;
    private final String path;
    private final Path uploadsDir;
    private final TaskService service;
    private final FileStore files;
    private final LongConsumer bytesStored;
    private final Duration ttl;
    private final int maxOpen;
    private final ThreadPoolExecutor threads;
    private final Map<String, TusSession> open = new ConcurrentHashMap<>();
    private final Map<String, Ended> ended = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** An upload that ended, kept a while for the requests that ask about it afterwards. */
    private record Ended(TusSession session, Instant at) {}

    /**
     * @param path the URL path uploads are created under
     * @param maxUploadBytes MAX_UPLOAD_SIZE, 0 for none
     * @param ttl UPLOAD_TTL: an unfinished upload with no PATCH for this long expires
     * @param maxOpen MAX_OPEN_UPLOADS: unfinished uploads followed at once, a thread each
     */
    public ResumableUploads(
            String path,
            FileStore files,
            TaskService service,
            LongConsumer bytesStored,
            long maxUploadBytes,
            Duration ttl,
            int maxOpen) {
        Path root = files.root().resolve("tus");
        this.uploadsDir = root.resolve("uploads");
        try {
            Files.createDirectories(uploadsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + uploadsDir, e);
        }
        // the storage is kept at hand: its upload info is read without the upload's lock, which
        // a PATCH holds while it runs
        this.storage = new DiskStorageService(root.toString());
        TusFileUploadService s =
                new TusFileUploadService()
                        .withUploadUri(path)
                        .withUploadStorageService(storage)
                        .withUploadLockingService(new DiskLockingService(root.toString()))
                        .withUploadExpirationPeriod(ttl.toMillis())
                        .disableTusExtension("concatenation");
        this.tus = maxUploadBytes > 0 ? s.withMaxUploadSize(maxUploadBytes) : s;
        this.path = path;
        this.files = files;
        this.service = service;
        this.bytesStored = bytesStored;
        this.ttl = ttl;
        this.maxOpen = maxOpen;
        this.threads =
                new ThreadPoolExecutor(
                        maxOpen,
                        maxOpen,
                        60,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        NamedThreads.daemon("tus-upload"));
        threads.allowCoreThreadTimeOut(true);
    }

    /** Whether another unfinished upload may start now. */
    public boolean roomForAnother() {
        return open.size() < maxOpen;
    }

    public int maxOpen() {
        return maxOpen;
    }

    /**
     * Creates an upload (the library answers the POST) and starts storing it.
     *
     * @return the new upload's id, empty when the library refused the request
     */
    public Optional<String> create(
            HttpServletRequest req,
            HttpServletResponse res,
            String owner,
            String fileName,
            InvalidRowPolicy policy,
            String idempotencyKey)
            throws IOException {
        tus.process(req, res, owner);
        String location = res.getHeader("Location");
        if (res.getStatus() != HttpServletResponse.SC_CREATED || location == null) {
            return Optional.empty();
        }
        String id = location.substring(location.lastIndexOf('/') + 1);
        UploadInfo info = info(id, owner);
        TusSession session =
                new TusSession(
                        id,
                        owner,
                        fileName,
                        policy,
                        idempotencyKey,
                        Instant.now(),
                        info != null && info.hasLength() ? info.getLength() : -1,
                        0,
                        expiry(info));
        start(session);
        return Optional.of(id);
    }

    /**
     * The upload {@code id} of {@code owner}: followed here, recently ended, or found in the tus
     * storage after a restart (then followed again from its first byte).
     */
    public synchronized Optional<TusSession> find(String owner, String id) {
        TusSession s = open.get(id);
        if (s == null && ended.containsKey(id)) {
            s = ended.get(id).session();
        }
        if (s != null) {
            return s.owner.equals(owner) ? Optional.of(s) : Optional.empty();
        }
        UploadInfo info = info(id, owner);
        if (info == null) {
            return Optional.empty();
        }
        if (taskExists(owner, id)) {
            // its task was recorded, then the process stopped before the upload's files went
            discard(id, owner);
            return Optional.empty();
        }
        Map<String, String> meta = info.getMetadata();
        TusSession resumed =
                new TusSession(
                        id,
                        owner,
                        meta.getOrDefault(TusMetadata.FILENAME, "upload.csv"),
                        InvalidRowPolicy.parse(meta.getOrDefault(TusMetadata.INVALID_ROWS, "fail")),
                        meta.get(TusMetadata.IDEMPOTENCY_KEY),
                        Instant.ofEpochMilli(info.getCreationTimestamp()),
                        info.hasLength() ? info.getLength() : -1,
                        info.getOffset(),
                        expiry(info));
        LOG.info("upload {}: followed again after a restart, at {} bytes", id, info.getOffset());
        files.deleteAll(id); // the stored copy restarts from the first byte
        start(resumed);
        return Optional.of(resumed);
    }

    /**
     * Appends a PATCH's bytes. When they complete the upload, waits for its task to be recorded, so
     * that the answer says whether it was.
     */
    public void patch(HttpServletRequest req, HttpServletResponse res, TusSession session)
            throws IOException {
        boolean checksum = req.getHeader("Upload-Checksum") != null;
        session.patchStarted(checksum);
        try {
            tus.process(new StopOnEnd(req, session), res, session.owner);
        } finally {
            UploadInfo info = info(session.id, session.owner);
            session.patchEnded(
                    checksum,
                    info == null ? -1 : info.getOffset(),
                    info != null && info.hasLength() ? info.getLength() : -1,
                    info == null ? 0 : expiry(info));
            if (session.end() != TusSession.End.NONE) {
                discard(session.id, session.owner);
            }
        }
        if (session.length() >= 0 && session.committed() >= session.length()) {
            try {
                session.awaitEnd(LAST_PATCH_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Answers a HEAD, OPTIONS or DELETE through the library; a DELETE ends the upload. */
    public void process(HttpServletRequest req, HttpServletResponse res, TusSession session)
            throws IOException {
        tus.process(req, res, session == null ? "" : session.owner);
        if (session != null
                && "DELETE".equals(req.getMethod())
                && res.getStatus() == HttpServletResponse.SC_NO_CONTENT) {
            session.interrupt("upload " + session.id + " was terminated before it was complete");
            LOG.info("upload {} terminated by its client", session.id);
        }
    }

    /** What {@code GET /tasks/{id}/status} shows for an upload that has no task yet. */
    public Optional<Task> uploadingTask(String owner, String id) {
        TusSession s = open.get(id);
        if (s == null) {
            Ended e = ended.get(id);
            return e != null && e.session().owner.equals(owner)
                    ? Optional.ofNullable(e.session().task())
                    : Optional.empty();
        }
        if (!s.owner.equals(owner)) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.task()).or(() -> Optional.of(UploadingTask.of(s)));
    }

    /**
     * Run on the cleanup schedule: ends the uploads that expired, lets the library delete their
     * files (and those of uploads nobody follows since a restart), forgets old ends.
     */
    public void cleanup() {
        long now = System.currentTimeMillis();
        for (TusSession s : open.values()) {
            if (s.expired(now)) {
                s.interrupt("upload " + s.id + " expired: no PATCH within UPLOAD_TTL");
            }
        }
        try {
            tus.cleanup();
        } catch (IOException | RuntimeException e) {
            LOG.warn("tus cleanup failed, will retry at the next run: {}", e.toString());
        }
        Instant forgetBefore = Instant.now().minus(ttl);
        ended.values().removeIf(e -> e.at().isBefore(forgetBefore));
        for (Ended e : ended.values()) {
            if (e.session().end() != TusSession.End.ACCEPTED || Files.exists(dir(e.session().id))) {
                discard(e.session().id, e.session().owner);
            }
        }
    }

    /** Whether the library still holds files of the upload (for tests and the cleanup). */
    public boolean stored(String id) {
        return Files.exists(dir(id));
    }

    private void start(TusSession session) {
        TusTail tail;
        try {
            tail = new TusTail(session, dir(session.id).resolve("data"), () -> keepAlive(session));
        } catch (IOException e) {
            discard(session.id, session.owner);
            throw new UncheckedIOException("cannot read upload " + session.id, e);
        }
        open.put(session.id, session);
        threads.execute(() -> store(session, tail));
    }

    private void store(TusSession session, TusTail tail) {
        try (tail) {
            Task task =
                    service.accept(
                            session.owner,
                            new Upload(
                                    session.fileName,
                                    tail,
                                    session.length(),
                                    session.policy,
                                    session.idempotencyKey,
                                    session.id),
                            bytesStored);
            session.accepted(task);
            LOG.info("upload {} complete: task {}", session.id, task.id());
        } catch (RuntimeException e) {
            session.failed(e);
            LOG.info("upload {} ended without a task: {}", session.id, e.getMessage());
        } catch (IOException e) {
            LOG.debug("upload {}: closing its data file failed: {}", session.id, e.toString());
        } finally {
            open.remove(session.id);
            // a stopping gateway keeps the received bytes: the client resumes once it is back
            if (!closing) {
                ended.put(session.id, new Ended(session, Instant.now()));
                discard(session.id, session.owner);
            }
        }
    }

    /** Deletes the library's files of the upload; a PATCH holding its lock does it at its end. */
    private void discard(String id, String owner) {
        try {
            tus.deleteUpload(path + "/" + id, owner);
        } catch (TusException | IOException | RuntimeException e) {
            LOG.debug("upload {}: files not deleted yet: {}", id, e.toString());
        }
    }

    /** The cleanup deletes a partial upload nobody writes: a paused client's must look alive. */
    private void keepAlive(TusSession session) {
        try {
            Files.setLastModifiedTime(
                    files.partialUpload(session.id), FileTime.from(Instant.now()));
        } catch (IOException e) {
            // not there yet or gone already
        }
    }

    private boolean taskExists(String owner, String id) {
        try {
            service.get(owner, id);
            return true;
        } catch (TaskNotFoundException e) {
            return false;
        }
    }

    /** The library's record of the upload, null when it is gone (or not this owner's). */
    private UploadInfo info(String id, String owner) {
        try {
            return storage.getUploadInfo(path + "/" + id, owner);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long expiry(UploadInfo info) {
        return info == null || info.getExpirationTimestamp() == null
                ? Long.MAX_VALUE
                : info.getExpirationTimestamp();
    }

    private Path dir(String id) {
        return uploadsDir.resolve(java.util.UUID.fromString(id).toString());
    }

    @Override
    public void close() {
        closing = true;
        for (TusSession s : open.values()) {
            s.interrupt("the gateway is stopping; the upload resumes once it is back");
        }
        threads.shutdownNow();
    }
}

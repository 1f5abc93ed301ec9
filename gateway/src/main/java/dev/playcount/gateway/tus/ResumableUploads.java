package dev.playcount.gateway.tus;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskNotFoundException;
import dev.playcount.gateway.task.TaskService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import me.desair.tus.server.upload.UploadInfo;
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

    private final TusLibrary tus;
    private final TaskService service;
    private final FileStore files;
    private final Duration ttl;
    private final int maxOpen;
    private final UploadStoring storing;
    private final Map<String, TusSession> open = new ConcurrentHashMap<>();
    private final Map<String, Ended> ended = new ConcurrentHashMap<>();
    private final Map<String, Runnable> noTasks = new ConcurrentHashMap<>();
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
        this.tus = new TusLibrary(files.root().resolve("tus"), path, maxUploadBytes, ttl);
        this.files = files;
        this.service = service;
        this.ttl = ttl;
        this.maxOpen = maxOpen;
        this.storing = new UploadStoring(service, files, bytesStored, maxOpen);
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
     * @param noTask run if the upload ends without a task (refused, terminated, expired): it gives
     *     back what its creation took
     * @return the new upload's id, empty when the library refused the request
     */
    public Optional<String> create(
            HttpServletRequest req,
            HttpServletResponse res,
            String owner,
            String fileName,
            InvalidRowPolicy policy,
            String idempotencyKey,
            Runnable noTask)
            throws IOException {
        tus.process(req, res, owner);
        String location = res.getHeader("Location");
        if (res.getStatus() != HttpServletResponse.SC_CREATED || location == null) {
            return Optional.empty();
        }
        String id = location.substring(location.lastIndexOf('/') + 1);
        UploadInfo info = tus.info(id, owner);
        TusSession session =
                new TusSession(
                        id,
                        owner,
                        fileName,
                        policy,
                        idempotencyKey,
                        // the store keeps milliseconds: show what the task will show
                        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        info != null && info.hasLength() ? info.getLength() : -1,
                        0,
                        TusLibrary.expiry(info));
        noTasks.put(id, noTask);
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
        UploadInfo info = tus.info(id, owner);
        if (info == null) {
            return Optional.empty();
        }
        if (taskExists(owner, id)) {
            // its task was recorded, then the process stopped before the upload's files went
            tus.discard(id, owner);
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
                        TusLibrary.expiry(info));
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
            UploadInfo info = tus.info(session.id, session.owner);
            session.patchEnded(
                    checksum,
                    info == null ? -1 : info.getOffset(),
                    info != null && info.hasLength() ? info.getLength() : -1,
                    info == null ? 0 : TusLibrary.expiry(info));
            if (session.end() != TusSession.End.NONE) {
                tus.discard(session.id, session.owner);
            }
        }
        if (session.length() >= 0 && session.committed() >= session.length()) {
            try {
                if (session.awaitEnd(LAST_PATCH_WAIT_MILLIS) != TusSession.End.NONE) {
                    // the storing thread may have ended while this PATCH held the lock
                    tus.discard(session.id, session.owner);
                }
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
     * Cancels an upload that has no task yet, as {@code DELETE /tasks/{id}} cancels a task: it ends
     * as a termination does, nothing is kept.
     *
     * @return the upload as a cancelled task, empty when there is no such unfinished upload
     */
    public Optional<Task> cancel(String owner, String id) {
        TusSession s = open.get(id);
        if (s == null || !s.owner.equals(owner) || s.end() != TusSession.End.NONE) {
            return Optional.empty();
        }
        s.interrupt("upload " + id + " was cancelled before it was complete");
        LOG.info("upload {} cancelled by its client", id);
        return Optional.of(UploadingTask.of(s, dev.playcount.gateway.task.TaskStatus.CANCELLED));
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
        tus.cleanup();
        Instant forgetBefore = Instant.now().minus(ttl);
        ended.values().removeIf(e -> e.at().isBefore(forgetBefore));
        for (Ended e : ended.values()) {
            if (e.session().end() != TusSession.End.ACCEPTED || tus.stored(e.session().id)) {
                tus.discard(e.session().id, e.session().owner);
            }
        }
    }

    private void start(TusSession session) {
        TusTail tail;
        try {
            tail = new TusTail(session, tus.data(session.id), storing.keepAlive(session.id));
        } catch (IOException e) {
            tus.discard(session.id, session.owner);
            throw new UncheckedIOException("cannot read upload " + session.id, e);
        }
        open.put(session.id, session);
        storing.start(session, tail, this::ended);
    }

    private void ended(TusSession session) {
        open.remove(session.id);
        Runnable noTask = noTasks.remove(session.id);
        if (noTask != null && !closing && session.end() != TusSession.End.ACCEPTED) {
            noTask.run();
        }
        // a stopping gateway keeps the received bytes: the client resumes once it is back
        if (!closing) {
            ended.put(session.id, new Ended(session, Instant.now()));
            tus.discard(session.id, session.owner);
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

    @Override
    public void close() {
        closing = true;
        for (TusSession s : open.values()) {
            s.interrupt("the gateway is stopping; the upload resumes once it is back");
        }
        storing.close();
    }
}

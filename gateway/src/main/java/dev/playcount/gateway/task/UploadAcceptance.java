package dev.playcount.gateway.task;

import dev.playcount.core.concurrent.NamedThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link TaskService#accept} turns one stream of received bytes into a task, whose job starts
 * before the last byte: the task is recorded and queued once the header is accepted and the first
 * part is stored ({@link EarlyTask}), watched while the rest arrives ({@link UploadWatch}), and
 * completed (its upload marker, then its size and SHA-256) after the last byte; or, when the upload
 * breaks, removed with its files.
 */
final class UploadAcceptance {

    private static final Logger LOG = LoggerFactory.getLogger(TaskService.class); // its role

    private final TaskService service;
    private final ApiTaskStore tasks;
    private final TaskFiles files;
    private final UploadStore uploads;
    private final Clock clock;

    /** Looks at the tasks of uploads still arriving (see {@link UploadWatch}). */
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("upload-watch"));

    UploadAcceptance(
            TaskService service,
            ApiTaskStore tasks,
            TaskFiles files,
            UploadStore uploads,
            Clock clock) {
        this.service = service;
        this.tasks = tasks;
        this.files = files;
        this.uploads = uploads;
        this.clock = clock;
    }

    /** Publishes the task's job request (see {@link TaskService#tryToQueue}). */
    Task tryToQueue(Task task) {
        return service.tryToQueue(task);
    }

    /**
     * Stores the upload, records its task and queues its job request. The task is recorded and its
     * job queued as soon as the header is accepted and the first part of the file is stored (see
     * {@link EarlyTask}), so the job reads the file while the rest arrives; this returns once the
     * last byte is stored. Nothing is left behind when the upload fails before it is complete: no
     * task, no file, and its job (which reads a file that is then gone) ends. A broker that is away
     * only delays the request.
     *
     * @param bytesStored told each block's size as it is stored; may throw to stop the upload (a
     *     limit)
     */
    Task accept(String owner, Upload upload, LongConsumer bytesStored) {
        String id = upload.taskId() != null ? upload.taskId() : UUID.randomUUID().toString();
        UploadWatch watch = new UploadWatch(tasks, id, bytesStored);
        EarlyTask early =
                new EarlyTask(
                        Task.accepted(
                                        id,
                                        owner,
                                        // the store keeps milliseconds: answer with what a later
                                        // GET shows
                                        clock.instant().truncatedTo(ChronoUnit.MILLIS),
                                        new InputFile(upload.fileName(), 0, null),
                                        upload.policy(),
                                        upload.idempotencyKey())
                                .withProgress(Progress.UPLOADING));
        StoredUpload stored;
        try {
            stored =
                    uploads.write(
                            id,
                            upload.body(),
                            upload.contentEncoding(),
                            watch,
                            () -> {
                                if (early.record(this)) {
                                    watch.recorded(timers);
                                }
                            });
            RuntimeException stopped = watch.end();
            if (stopped != null) {
                throw stopped; // the task ended just as the last byte arrived
            }
            uploads.complete(id, stored);
        } catch (IOException e) {
            abandon(early, id, e);
            throw new UncheckedIOException("cannot store the upload", e);
        } catch (RuntimeException e) {
            // the watch's reason, not what its interrupt broke
            RuntimeException why = watch.end() != null ? watch.stopped() : e;
            abandon(early, id, why);
            throw why;
        }
        InputFile input = InputFile.of(upload.fileName(), stored);
        if (early.recorded()) {
            return completed(early, input);
        }
        return acceptWhole(
                owner, upload, early.task().withInput(input).withProgress(Progress.NONE));
    }

    /** The task was recorded early: it now learns its final size and SHA-256. */
    private Task completed(EarlyTask early, InputFile input) {
        String id = early.task().id();
        Optional<Task> done;
        try {
            done = tasks.uploadComplete(id, input);
        } catch (RuntimeException e) {
            // the job ends (its marker says complete, but a task nobody can see cannot stay)
            abandon(early, id, e);
            throw e;
        }
        if (done.isEmpty()) {
            // removed meanwhile: nothing to answer with
            files.deleteAll(id);
            throw new UploadInterruptedException(
                    "task " + id + " was removed while its file was uploading", null);
        }
        // a task cancelled or failed by now keeps that end: its file did arrive whole
        LOG.info(
                "task {} accepted: '{}', {} bytes, sha256 {}, invalidRows={}{} (its job started"
                        + " before the last byte)",
                id,
                LogSafeText.of(input.name()),
                input.bytes(),
                input.sha256(),
                early.task().invalidRowPolicy().wireName(),
                decoded(input));
        return done.get().status() == TaskStatus.QUEUED
                ? done.get().withQueued(early.queued())
                : done.get();
    }

    /**
     * What a broken upload leaves goes: the record (unless the task was cancelled or failed: that
     * outcome stays visible) and every file. Its job, if one started, finds its input gone and
     * fails; the launcher cancels it anyway, seeing the task gone.
     */
    private void abandon(EarlyTask early, String id, Exception why) {
        try {
            if (early.recorded()) {
                Optional<Task> now = tasks.find(id);
                // a cancel or a failure of the job stays visible; a bad row is refused with a 400
                // and, like a broken upload, leaves no task
                boolean remove =
                        now.isPresent()
                                && (TaskStatus.CANCELLABLE.contains(now.get().status())
                                        || now.get().status() == TaskStatus.FAILED
                                                && refusedRow(why));
                boolean removed = remove && tasks.removeIncompleteUpload(id);
                LOG.info(
                        "task {}: upload stopped before its last byte ({}); record {}",
                        id,
                        why.getMessage(),
                        removed ? "removed" : "kept");
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "task {}: could not remove the record of a broken upload: {}",
                    id,
                    e.toString());
        } finally {
            files.deleteAll(id);
        }
    }

    /** What a compressed upload's log line adds: the bytes received and their SHA-256. */
    private static String decoded(InputFile input) {
        return input.encoding().equals(Encoding.IDENTITY.wireName())
                ? ""
                : ", decoded from "
                        + input.receivedBytes()
                        + " bytes of "
                        + input.encoding()
                        + " (sha256 "
                        + input.receivedSha256()
                        + ")";
    }

    private static boolean refusedRow(Exception why) {
        return why instanceof BadRequestException bad
                && ("invalid_row".equals(bad.code()) || "invalid_header".equals(bad.code()));
    }

    /**
     * Records the task of an upload stored whole (an Idempotency-Key already in use when its first
     * part arrived): a retry of the same request answers with the first task.
     */
    private Task acceptWhole(String owner, Upload upload, Task task) {
        String id = task.id();
        try {
            Optional<Task> first = service.previousAttempt(owner, upload.idempotencyKey());
            if (first.isPresent()) {
                files.deleteAll(id);
                return sameRequest(first.get(), task);
            }
            tasks.insert(task);
        } catch (DuplicateIdempotencyKeyException e) {
            // a concurrent request with the same key recorded its task first
            files.deleteAll(id);
            return sameRequest(
                    service.previousAttempt(owner, upload.idempotencyKey()).orElseThrow(() -> e),
                    task);
        } catch (RuntimeException e) {
            files.deleteAll(id);
            throw e;
        }
        LOG.info(
                "task {} accepted: '{}', {} bytes, sha256 {}, invalidRows={}{}",
                id,
                LogSafeText.of(upload.fileName()),
                task.input().bytes(),
                task.input().sha256(),
                upload.policy().wireName(),
                decoded(task.input()));
        return service.tryToQueue(task);
    }

    /**
     * Records the task whose file is still arriving and queues its job, unless its Idempotency-Key
     * names a task already: a retry whose first attempt still uploads is refused at once (409
     * {@code upload_in_progress}); one whose first attempt is complete is stored whole and compared
     * as before. False when the task was not recorded here.
     */
    boolean recordEarly(Task task) {
        Optional<Task> first = service.previousAttempt(task.owner(), task.idempotencyKey());
        if (first.isEmpty()) {
            try {
                tasks.insert(task);
                LOG.info(
                        "task {} recorded while its file uploads: '{}', invalidRows={}",
                        task.id(),
                        LogSafeText.of(task.input().name()),
                        task.invalidRowPolicy().wireName());
                return true;
            } catch (DuplicateIdempotencyKeyException e) {
                first = service.previousAttempt(task.owner(), task.idempotencyKey());
                if (first.isEmpty()) {
                    throw e; // its first task vanished meanwhile: nothing to answer with
                }
            }
        }
        if (first.isPresent() && first.get().uploading()) {
            throw new TaskStateException(
                    first.get(),
                    "upload_in_progress",
                    "the request with this Idempotency-Key is still uploading its file (task "
                            + first.get().id()
                            + "); send it again once that one has ended");
        }
        return false;
    }

    /**
     * The first task of a retried request, when the retry is the same request: the same file (by
     * its SHA-256, as stored) and the same invalidRows policy. The file name may differ.
     */
    private static Task sameRequest(Task first, Task retry) {
        boolean same =
                first.input().sha256().equals(retry.input().sha256())
                        && first.invalidRowPolicy() == retry.invalidRowPolicy();
        if (!same) {
            throw new IdempotencyKeyReusedException(first);
        }
        LOG.info("task {} returned again for its Idempotency-Key", first.id());
        return first;
    }
}

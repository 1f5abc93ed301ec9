package dev.playcount.gateway.task;

import dev.playcount.core.concurrent.NamedThreads;
import dev.playcount.core.csv.InvalidRowPolicy;
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
 * What the API does with tasks: accept an upload (store it, record the task, queue its job), look
 * tasks up for their owner, cancel them and note downloads.
 */
public final class TaskService {

    private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);

    private final ApiTaskStore tasks;
    private final JobQueue queue;
    private final TaskFiles files;
    private final UploadStore uploads;
    private final Clock clock;
    private final Quotas quotas;

    /** Looks at the tasks of uploads still arriving (see {@link UploadWatch}). */
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("upload-watch"));

    public TaskService(
            ApiTaskStore tasks, JobQueue queue, TaskFiles files, UploadStore uploads, Clock clock) {
        this(tasks, queue, files, uploads, clock, Quotas.NONE);
    }

    public TaskService(
            ApiTaskStore tasks,
            JobQueue queue,
            TaskFiles files,
            UploadStore uploads,
            Clock clock,
            Quotas quotas) {
        this.tasks = tasks;
        this.queue = queue;
        this.files = files;
        this.uploads = uploads;
        this.clock = clock;
        this.quotas = quotas;
    }

    /** The task a retried POST with this key already created, if any. */
    public Optional<Task> previousAttempt(String owner, String idempotencyKey) {
        return idempotencyKey == null
                ? Optional.empty()
                : tasks.findByIdempotencyKey(owner, idempotencyKey);
    }

    /** Refuses before reading the body when the store or the disk cannot take the upload. */
    public void checkCanAccept(long declaredBytes) {
        checkCanAccept("", declaredBytes, -1);
    }

    /**
     * Refuses before reading the body when the store or the disk cannot take the upload, when its
     * file's declared size is over the upload limit, or when the owner is at a quota.
     *
     * @param declaredBytes the request body's declared size, -1 if unknown
     * @param declaredFileBytes the file's own declared size (a raw body's), -1 if unknown
     * @throws QuotaExceededException naming the quota
     */
    public void checkCanAccept(String owner, long declaredBytes, long declaredFileBytes) {
        tasks.ping();
        if (quotas.maxUploadBytes() > 0 && declaredFileBytes > quotas.maxUploadBytes()) {
            throw tooLarge();
        }
        if (!owner.isEmpty()
                && (quotas.maxRunningPerKey() > 0 || quotas.maxStoredBytesPerKey() > 0)) {
            TaskUsage usage = tasks.usage(owner);
            if (quotas.maxRunningPerKey() > 0 && usage.running() >= quotas.maxRunningPerKey()) {
                throw new QuotaExceededException(
                        QuotaExceededException.Kind.RUNNING_TASKS,
                        "this API key has "
                                + usage.running()
                                + " tasks queued or running, the most MAX_RUNNING_TASKS_PER_KEY"
                                + " allows; upload again once one has finished");
            }
            if (quotas.maxStoredBytesPerKey() > 0
                    && usage.storedBytes() + Math.max(1, declaredBytes)
                            > quotas.maxStoredBytesPerKey()) {
                throw storedBytes(usage.storedBytes());
            }
        }
        uploads.checkRoomFor(declaredBytes);
    }

    /**
     * Stores the upload, records its task and queues its job request. The task is recorded and its
     * job queued as soon as the header is accepted and the first part of the file is stored (see
     * {@link EarlyTask}), so the job reads the file while the rest arrives; this returns once the
     * last byte is stored. Nothing is left behind when the upload fails before it is complete: no
     * task, no file, and its job (which reads a file that is then gone) ends. A broker that is away
     * only delays the request.
     */
    public Task accept(String owner, Upload upload, LongConsumer bytesStored) {
        String id = UUID.randomUUID().toString();
        UploadWatch watch = new UploadWatch(tasks, id, capped(owner, bytesStored));
        EarlyTask early =
                new EarlyTask(
                        Task.accepted(
                                id,
                                owner,
                                // the store keeps milliseconds: answer with what a later GET shows
                                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                                new InputFile(upload.fileName(), 0, null),
                                upload.policy(),
                                upload.idempotencyKey()));
        StoredUpload stored;
        try {
            stored =
                    uploads.write(
                            id,
                            upload.body(),
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
        InputFile input = new InputFile(upload.fileName(), stored.bytes(), stored.sha256());
        if (early.recorded()) {
            return completed(early, input);
        }
        return acceptWhole(owner, upload, early.task().withInput(input));
    }

    /** The task was recorded early: it now learns its final size and SHA-256. */
    private Task completed(EarlyTask early, InputFile input) {
        String id = early.task().id();
        Optional<Task> done;
        try {
            done = tasks.uploadComplete(id, input.bytes(), input.sha256());
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
                "task {} upload complete: '{}', {} bytes, sha256 {}, invalidRows={}",
                id,
                LogSafeText.of(input.name()),
                input.bytes(),
                input.sha256(),
                early.task().invalidRowPolicy().wireName());
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
            Optional<Task> first = previousAttempt(owner, upload.idempotencyKey());
            if (first.isPresent()) {
                files.deleteAll(id);
                return sameRequest(first.get(), task);
            }
            tasks.insert(task);
        } catch (DuplicateIdempotencyKeyException e) {
            // a concurrent request with the same key recorded its task first
            files.deleteAll(id);
            return sameRequest(
                    previousAttempt(owner, upload.idempotencyKey()).orElseThrow(() -> e), task);
        } catch (RuntimeException e) {
            files.deleteAll(id);
            throw e;
        }
        LOG.info(
                "task {} accepted: '{}', {} bytes, sha256 {}, invalidRows={}",
                id,
                LogSafeText.of(upload.fileName()),
                task.input().bytes(),
                task.input().sha256(),
                upload.policy().wireName());
        return tryToQueue(task);
    }

    /**
     * Records the task whose file is still arriving and queues its job, unless its Idempotency-Key
     * names a task already: a retry whose first attempt still uploads is refused at once (409
     * {@code upload_in_progress}); one whose first attempt is complete is stored whole and compared
     * as before. False when the task was not recorded here.
     */
    boolean recordEarly(Task task) {
        Optional<Task> first = previousAttempt(task.owner(), task.idempotencyKey());
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
                first = previousAttempt(task.owner(), task.idempotencyKey());
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

    /**
     * Counts the bytes as they are stored and stops the upload (its file is deleted) once it passes
     * the upload limit or the owner's stored bytes quota.
     */
    private LongConsumer capped(String owner, LongConsumer bytesStored) {
        long sizeCap = quotas.maxUploadBytes() > 0 ? quotas.maxUploadBytes() : Long.MAX_VALUE;
        long kept =
                !owner.isEmpty() && quotas.maxStoredBytesPerKey() > 0
                        ? tasks.usage(owner).storedBytes()
                        : 0;
        long quotaCap =
                !owner.isEmpty() && quotas.maxStoredBytesPerKey() > 0
                        ? quotas.maxStoredBytesPerKey() - kept
                        : Long.MAX_VALUE;
        long[] total = {0};
        return n -> {
            total[0] += n;
            if (total[0] > sizeCap) {
                throw tooLarge();
            }
            if (total[0] > quotaCap) {
                throw storedBytes(kept);
            }
            bytesStored.accept(n);
        };
    }

    private QuotaExceededException tooLarge() {
        return new QuotaExceededException(
                QuotaExceededException.Kind.UPLOAD_SIZE,
                "the upload is larger than "
                        + quotas.maxUploadBytes()
                        + " bytes, the most MAX_UPLOAD_SIZE allows (counted after decoding)");
    }

    private QuotaExceededException storedBytes(long kept) {
        return new QuotaExceededException(
                QuotaExceededException.Kind.STORED_BYTES,
                "this API key keeps "
                        + kept
                        + " bytes of inputs and results; with this upload it would pass "
                        + quotas.maxStoredBytesPerKey()
                        + " bytes, the most MAX_STORED_BYTES_PER_KEY allows: download and let"
                        + " results expire, or cancel tasks, then upload again");
    }

    /** Publishes the task's job request; when the broker is away the relay sends it later. */
    Task tryToQueue(Task task) {
        try {
            queue.publish(new JobRequest(task.id()));
            tasks.markQueued(task.id());
            return task.withQueued(true);
        } catch (UnavailableException e) {
            LOG.warn(
                    "task {} stays QUEUED until the broker answers again: {}",
                    task.id(),
                    e.getMessage());
            return task;
        }
    }

    public Task get(String owner, String id) {
        return tasks.find(id)
                .filter(t -> owner.isEmpty() || owner.equals(t.owner()))
                .orElseThrow(() -> new TaskNotFoundException(id));
    }

    public TaskPage list(TaskQuery query) {
        return tasks.list(query);
    }

    /**
     * Cancels a queued or running task. A queued task's files go now; a running task's go once its
     * launcher has cancelled the Flink job (deleting the input under a running job would make it
     * fail instead); when no launcher follows it, the next launcher's job check cancels the job and
     * deletes them (or the cleanup does, later).
     */
    public Task cancel(String owner, String id) {
        Task before = get(owner, id);
        Optional<Task> cancelled = tasks.cancel(id, clock.instant());
        if (cancelled.isEmpty()) {
            Task now = get(owner, id);
            throw new TaskStateException(
                    now,
                    "not_cancellable",
                    "task is "
                            + now.status()
                            + "; only QUEUED or IN_PROGRESS tasks can be cancelled");
        }
        if (before.status() == TaskStatus.QUEUED) {
            files.deleteAll(id);
        }
        LOG.info("task {} cancelled (was {})", id, before.status());
        return cancelled.get();
    }

    /** The task, if its result can be downloaded now; otherwise why not. */
    public Task readyForDownload(String owner, String id) {
        Task task = get(owner, id);
        if (TaskStatus.READY.contains(task.status())) {
            return task;
        }
        throw new TaskStateException(task, notReadyCode(task), notReady(task, "result"));
    }

    /** The task, if it has a rejects file to download now. */
    public Task readyForRejects(String owner, String id) {
        Task task = get(owner, id);
        if (task.invalidRowPolicy() != InvalidRowPolicy.SKIP) {
            throw new BadRequestException(
                    "no_rejects",
                    "task "
                            + id
                            + " ran with invalidRows=fail: it has no rejects file (upload with"
                            + " invalidRows=skip to keep invalid rows)",
                    java.util.List.of());
        }
        if (TaskStatus.READY.contains(task.status())) {
            return task;
        }
        throw new TaskStateException(task, notReadyCode(task), notReady(task, "rejects file"));
    }

    public java.nio.file.Path resultFile(Task task) {
        return files.result(task.id());
    }

    public java.nio.file.Path rejectsFile(Task task) {
        return files.rejects(task.id());
    }

    public void downloaded(Task task) {
        if (task.status() == TaskStatus.COMPLETED) {
            tasks.markDownloaded(task.id());
        }
    }

    private static String notReadyCode(Task task) {
        return TaskStatus.FINISHED.contains(task.status()) ? "no_result" : "not_ready";
    }

    private static String notReady(Task task, String what) {
        return switch (task.status()) {
            case QUEUED, IN_PROGRESS -> "the " + what + " is not ready: task is " + task.status();
            case EXPIRED -> "the " + what + " has expired and was deleted";
            default -> "task is " + task.status() + ": there is no " + what;
        };
    }
}

package dev.playcount.gateway.task;

import dev.playcount.core.csv.InvalidRowPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
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
     * Stores the upload, records its task and queues its job request. Nothing is left behind when
     * any step before the task is recorded fails; a broker that is away only delays the request.
     */
    public Task accept(String owner, Upload upload, LongConsumer bytesStored) {
        String id = upload.taskId() != null ? upload.taskId() : UUID.randomUUID().toString();
        StoredUpload stored = uploads.write(id, upload.body(), capped(owner, bytesStored));
        Task task =
                Task.accepted(
                        id,
                        owner,
                        // the store keeps milliseconds: answer with what a later GET will show
                        clock.instant().truncatedTo(ChronoUnit.MILLIS),
                        new InputFile(upload.fileName(), stored.bytes(), stored.sha256()),
                        upload.policy(),
                        upload.idempotencyKey());
        try {
            Optional<Task> first = previousAttempt(owner, upload.idempotencyKey());
            if (first.isPresent()) {
                files.deleteAll(id);
                return sameRequest(first.get(), task);
            }
            uploads.commit(id);
            tasks.insert(task);
        } catch (IOException e) {
            files.deleteAll(id);
            throw new UncheckedIOException("cannot store the upload", e);
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
                stored.bytes(),
                stored.sha256(),
                upload.policy().wireName());
        return tryToQueue(task);
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

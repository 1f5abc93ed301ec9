package dev.playcount.gateway.testing;

import dev.playcount.gateway.task.DuplicateIdempotencyKeyException;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskPage;
import dev.playcount.gateway.task.TaskQuery;
import dev.playcount.gateway.task.TaskReceipt;
import dev.playcount.gateway.task.TaskRepository;
import dev.playcount.gateway.task.TaskStatus;
import dev.playcount.gateway.task.TaskUsage;
import dev.playcount.gateway.task.UnavailableException;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Tasks in a map, with the same conditional transitions as {@code MongoTaskRepository}: each update
 * applies only to a task in the statuses it names. {@link #unavailable} makes every call fail as a
 * store that does not answer.
 */
public final class InMemoryTaskRepository implements TaskRepository {

    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private boolean unavailable;
    private RuntimeException insertFailure;
    private Runnable beforeStart;

    /** Puts a task in the store as it is, bypassing every rule (a test's starting point). */
    public synchronized Task put(Task task) {
        tasks.put(task.id(), task);
        return task;
    }

    /** The task, which must exist. */
    public synchronized Task get(String id) {
        return Optional.ofNullable(tasks.get(id)).orElseThrow();
    }

    /** Deletes the task, as an operator removing its document would. */
    public synchronized void remove(String id) {
        tasks.remove(id);
    }

    /**
     * Runs {@code hook} once, at the next {@link #start} or {@link #claim}, before the transition:
     * another launcher or a cancel that gets there first.
     */
    public synchronized void beforeNextStart(Runnable hook) {
        beforeStart = hook;
    }

    public synchronized List<Task> all() {
        return List.copyOf(tasks.values());
    }

    /** While true, every call throws {@link UnavailableException}. */
    public synchronized void unavailable(boolean value) {
        unavailable = value;
    }

    /** The next insert throws {@code e} and records nothing. */
    private Task recordedMeanwhile;

    // when expireOne expired a task (the Task record has no field for it, the document has)
    private final Map<String, Instant> expiredAt = new java.util.HashMap<>();

    /** A task put in as EXPIRED counts as expired when it finished. */
    private Instant expiredAt(Task t) {
        return expiredAt.getOrDefault(
                t.id(), t.finishedAt() == null ? Instant.MIN : t.finishedAt());
    }

    public synchronized void failNextInsert(RuntimeException e) {
        insertFailure = e;
    }

    /** The next insert fails with {@code e}, as another request records {@code meanwhile}. */
    public synchronized void failNextInsert(RuntimeException e, Task meanwhile) {
        insertFailure = e;
        recordedMeanwhile = meanwhile;
    }

    @Override
    public synchronized void insert(Task task) {
        answer();
        if (insertFailure != null) {
            RuntimeException e = insertFailure;
            insertFailure = null;
            if (recordedMeanwhile != null) {
                tasks.put(recordedMeanwhile.id(), recordedMeanwhile);
                recordedMeanwhile = null;
            }
            throw e;
        }
        boolean keyTaken =
                task.idempotencyKey() != null
                        && findByIdempotencyKey(task.owner(), task.idempotencyKey()).isPresent();
        if (keyTaken || tasks.containsKey(task.id())) {
            throw new DuplicateIdempotencyKeyException(null);
        }
        tasks.put(task.id(), task);
    }

    @Override
    public synchronized Optional<Task> find(String id) {
        answer();
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized Optional<Task> findByIdempotencyKey(String owner, String key) {
        answer();
        return tasks.values().stream()
                .filter(t -> owner.equals(t.owner()) && key.equals(t.idempotencyKey()))
                .findFirst();
    }

    @Override
    public synchronized TaskPage list(TaskQuery query) {
        answer();
        List<Task> matching =
                tasks.values().stream()
                        .filter(t -> query.owner().isEmpty() || query.owner().equals(t.owner()))
                        .filter(t -> query.status() == null || query.status() == t.status())
                        .sorted(
                                Comparator.comparing(Task::createdAt)
                                        .thenComparing(Task::id)
                                        .reversed())
                        .toList();
        List<Task> page =
                matching.stream()
                        .skip((long) (query.page() - 1) * query.pageSize())
                        .limit(query.pageSize())
                        .toList();
        return new TaskPage(page, query.page(), query.pageSize(), matching.size());
    }

    @Override
    public synchronized Optional<Task> uploadComplete(
            String id, dev.playcount.gateway.task.InputFile input) {
        answer();
        Task task = tasks.get(id);
        if (task == null || !task.uploading()) {
            return Optional.empty();
        }
        Task changed = task.withInput(input);
        if (TaskStatus.CANCELLABLE.contains(changed.status())
                && changed.progress().phase() == dev.playcount.gateway.task.Phase.UPLOADING) {
            changed = changed.withProgress(Progress.NONE);
        }
        tasks.put(id, changed);
        return Optional.of(changed);
    }

    @Override
    public synchronized boolean removeIncompleteUpload(String id) {
        answer();
        Task task = tasks.get(id);
        if (task == null || !task.uploading()) {
            return false;
        }
        tasks.remove(id);
        return true;
    }

    @Override
    public synchronized void markQueued(String id) {
        update(id, Set.of(TaskStatus.values()), t -> t.withQueued(true));
    }

    @Override
    public synchronized long unmarkQueued() {
        answer();
        long changed = 0;
        for (Task t : List.copyOf(tasks.values())) {
            if (TaskStatus.CANCELLABLE.contains(t.status()) && t.queued()) {
                tasks.put(t.id(), t.withQueued(false));
                changed++;
            }
        }
        return changed;
    }

    @Override
    public synchronized List<Task> unqueued(Instant before, int limit) {
        answer();
        return tasks.values().stream()
                .filter(t -> TaskStatus.CANCELLABLE.contains(t.status()) && !t.queued())
                .filter(t -> t.createdAt().isBefore(before))
                .sorted(Comparator.comparing(Task::createdAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<Task> start(String id, Instant now) {
        Runnable hook = beforeStart;
        beforeStart = null;
        if (hook != null) {
            hook.run();
        }
        return update(
                id,
                Set.of(TaskStatus.QUEUED),
                t -> Tasks.from(t).status(TaskStatus.IN_PROGRESS).startedAt(now).build());
    }

    @Override
    public synchronized Optional<Task> claim(String id, String owner, Instant now, Instant until) {
        Runnable hook = beforeStart;
        beforeStart = null;
        if (hook != null) {
            hook.run();
        }
        Optional<Task> started =
                update(
                        id,
                        Set.of(TaskStatus.QUEUED),
                        t ->
                                Tasks.from(t)
                                        .status(TaskStatus.IN_PROGRESS)
                                        .startedAt(now)
                                        .lease(owner, until)
                                        .build());
        if (started.isPresent()) {
            return started;
        }
        Task task = tasks.get(id);
        boolean free =
                task != null
                        && (task.leaseUntil() == null
                                || task.leaseUntil().isBefore(now)
                                || owner.equals(task.leaseOwner()));
        if (!free) {
            return Optional.empty();
        }
        return update(
                id, Set.of(TaskStatus.IN_PROGRESS), t -> Tasks.from(t).lease(owner, until).build());
    }

    /** Whether the task's lease names {@code owner} (its status is checked by the update). */
    private boolean heldBy(String id, String owner) {
        answer();
        Task task = tasks.get(id);
        return task != null && owner.equals(task.leaseOwner());
    }

    @Override
    public synchronized boolean renew(String id, String owner, Instant until) {
        if (!heldBy(id, owner)) {
            return false;
        }
        return update(
                        id,
                        Set.of(TaskStatus.IN_PROGRESS),
                        t -> Tasks.from(t).lease(owner, until).build())
                .isPresent();
    }

    @Override
    public synchronized List<Task> stale(Instant before, Instant now, int limit) {
        answer();
        return tasks.values().stream()
                .filter(
                        t ->
                                (t.status() == TaskStatus.QUEUED && t.createdAt().isBefore(before))
                                        || (t.status() == TaskStatus.IN_PROGRESS
                                                && (t.leaseUntil() == null
                                                        || t.leaseUntil().isBefore(now))))
                .filter(t -> t.requestedAt() == null || t.requestedAt().isBefore(before))
                .sorted(Comparator.comparing(Task::createdAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void markRequested(String id, Instant now) {
        update(id, Set.of(TaskStatus.values()), t -> Tasks.from(t).requestedAt(now).build());
    }

    @Override
    public synchronized void recordJob(String id, String flinkJobId, String dashboardUrl) {
        update(
                id,
                Set.of(TaskStatus.IN_PROGRESS),
                t -> Tasks.from(t).flinkJob(flinkJobId, dashboardUrl).build());
    }

    @Override
    public synchronized void progress(String id, Progress progress) {
        update(id, Set.of(TaskStatus.IN_PROGRESS), t -> Tasks.from(t).progress(progress).build());
    }

    @Override
    public synchronized boolean complete(
            String id, String owner, TaskReceipt receipt, Progress done, Instant now) {
        if (!heldBy(id, owner)) {
            return false;
        }
        return update(
                        id,
                        Set.of(TaskStatus.IN_PROGRESS),
                        t ->
                                Tasks.from(t)
                                        .status(TaskStatus.COMPLETED)
                                        .progress(done)
                                        .finishedAt(now)
                                        .receipt(receipt)
                                        .build())
                .isPresent();
    }

    @Override
    public synchronized boolean fail(String id, String owner, List<TaskError> errors, Instant now) {
        if (!heldBy(id, owner)) {
            return false;
        }
        return update(
                        id,
                        TaskStatus.CANCELLABLE,
                        t ->
                                Tasks.from(t)
                                        .status(TaskStatus.FAILED)
                                        .finishedAt(now)
                                        .errors(errors)
                                        .build())
                .isPresent();
    }

    @Override
    public synchronized Optional<Task> cancel(String id, Instant now) {
        return update(
                id,
                TaskStatus.CANCELLABLE,
                t -> Tasks.from(t).status(TaskStatus.CANCELLED).finishedAt(now).build());
    }

    @Override
    public synchronized void markDownloaded(String id) {
        update(
                id,
                Set.of(TaskStatus.COMPLETED),
                t -> Tasks.from(t).status(TaskStatus.DOWNLOADED).build());
    }

    @Override
    public synchronized Optional<Task> expireOne(Instant before, Instant now) {
        answer();
        Optional<Task> due =
                tasks.values().stream()
                        .filter(t -> TaskStatus.READY.contains(t.status()))
                        .filter(t -> t.finishedAt() != null && t.finishedAt().isBefore(before))
                        .findFirst();
        due.ifPresent(t -> expiredAt.put(t.id(), now));
        return due.flatMap(
                t ->
                        update(
                                t.id(),
                                TaskStatus.READY,
                                u -> Tasks.from(u).status(TaskStatus.EXPIRED).build()));
    }

    @Override
    public synchronized List<Task> finishedWithInput(int limit) {
        answer();
        return tasks.values().stream()
                .filter(t -> TaskStatus.FINISHED.contains(t.status()) && !t.inputDeleted())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void markInputDeleted(String id) {
        update(id, Set.of(TaskStatus.values()), t -> Tasks.from(t).inputDeleted(true).build());
    }

    @Override
    public synchronized long removeRecords(Instant expiredBefore, Instant finishedBefore) {
        answer();
        Set<TaskStatus> noResult = Set.of(TaskStatus.FAILED, TaskStatus.CANCELLED);
        List<String> gone =
                tasks.values().stream()
                        .filter(Task::inputDeleted)
                        .filter(
                                t ->
                                        t.status() == TaskStatus.EXPIRED
                                                ? expiredAt(t).isBefore(expiredBefore)
                                                : noResult.contains(t.status())
                                                        && t.finishedAt() != null
                                                        && t.finishedAt().isBefore(finishedBefore))
                        .map(Task::id)
                        .toList();
        gone.forEach(tasks::remove);
        return gone.size();
    }

    @Override
    public synchronized boolean exists(String id) {
        answer();
        return tasks.containsKey(id);
    }

    @Override
    public synchronized boolean unfinished(String id) {
        answer();
        Task task = tasks.get(id);
        return task != null && TaskStatus.CANCELLABLE.contains(task.status());
    }

    @Override
    public synchronized Map<TaskStatus, Long> countByStatus() {
        answer();
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(status, 0L);
        }
        tasks.values().forEach(t -> counts.merge(t.status(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized TaskUsage usage(String owner) {
        answer();
        long running = 0;
        long runningBytes = 0;
        long storedBytes = 0;
        for (Task t : tasks.values()) {
            if (!owner.isEmpty() && !owner.equals(t.owner())) {
                continue;
            }
            long bytes = t.input().bytes();
            if (TaskStatus.RUNNING.contains(t.status())) {
                running++;
                runningBytes += bytes;
                storedBytes += bytes;
            } else if (TaskStatus.READY.contains(t.status())) {
                storedBytes += bytes;
            }
        }
        return new TaskUsage(running, runningBytes, storedBytes);
    }

    @Override
    public synchronized long runningInputBytes() {
        return usage("").runningBytes();
    }

    @Override
    public synchronized void ping() {
        answer();
    }

    /** Applies {@code change} when the task is in one of {@code from}; returns the new task. */
    private Optional<Task> update(String id, Set<TaskStatus> from, UnaryOperator<Task> change) {
        answer();
        Task task = tasks.get(id);
        if (task == null || !from.contains(task.status())) {
            return Optional.empty();
        }
        Task changed = change.apply(task);
        tasks.put(id, changed);
        return Optional.of(changed);
    }

    private void answer() {
        if (unavailable) {
            throw new UnavailableException("the task store (in memory) is switched off", null);
        }
    }
}

package dev.playcount.gateway.storage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import dev.playcount.gateway.task.DuplicateIdempotencyKeyException;
import dev.playcount.gateway.task.InputFile;
import dev.playcount.gateway.task.Phase;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Tasks in the MongoDB collection {@code tasks}, one document per task keyed by its id. */
public final class MongoTaskRepository implements TaskRepository {

    /** Tasks over without a result to expire. */
    private static final Set<TaskStatus> NO_RESULT =
            Set.of(TaskStatus.FAILED, TaskStatus.CANCELLED);

    private static final Set<TaskStatus> KEEPS_DISK =
            java.util.EnumSet.of(
                    TaskStatus.QUEUED,
                    TaskStatus.IN_PROGRESS,
                    TaskStatus.COMPLETED,
                    TaskStatus.DOWNLOADED);

    private final MongoDatabase database;
    private final MongoCollection<Document> tasks;

    public MongoTaskRepository(MongoDatabase database) {
        this.database = database;
        this.tasks = database.getCollection("tasks");
    }

    /** Creates the indexes the queries below use ({@link TaskIndexes}). */
    public void createIndexes() {
        call(
                () -> {
                    TaskIndexes.create(tasks);
                    return null;
                });
    }

    /** The names of the collection's indexes, {@code _id_} included. */
    public List<String> indexNames() {
        return call(() -> TaskIndexes.names(tasks));
    }

    @Override
    public void insert(Task task) {
        call(
                () -> {
                    try {
                        tasks.insertOne(TaskDocuments.toDocument(task));
                    } catch (MongoWriteException e) {
                        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                            throw new DuplicateIdempotencyKeyException(e);
                        }
                        throw e;
                    }
                    return null;
                });
    }

    @Override
    public Optional<Task> find(String id) {
        return call(() -> Optional.ofNullable(tasks.find(eq("_id", id)).first()))
                .map(TaskDocuments::toTask);
    }

    @Override
    public Optional<Task> findByIdempotencyKey(String owner, String key) {
        return call(() ->
                        Optional.ofNullable(
                                tasks.find(
                                                eq(
                                                        "idempotencyScope",
                                                        TaskDocuments.idempotencyScope(owner, key)))
                                        .first()))
                .map(TaskDocuments::toTask);
    }

    @Override
    public TaskPage list(TaskQuery query) {
        List<Bson> conditions = new ArrayList<>();
        if (!query.owner().isEmpty()) {
            conditions.add(eq("owner", query.owner()));
        }
        if (query.status() != null) {
            conditions.add(eq("status", query.status().name()));
        }
        Bson filter = conditions.isEmpty() ? new Document() : and(conditions);
        return call(
                () -> {
                    List<Task> page = new ArrayList<>();
                    tasks.find(filter)
                            .sort(Sorts.descending("createdAt", "_id"))
                            .skip((query.page() - 1) * query.pageSize())
                            .limit(query.pageSize())
                            .forEach(d -> page.add(TaskDocuments.toTask(d)));
                    long total = tasks.countDocuments(filter);
                    return new TaskPage(page, query.page(), query.pageSize(), total);
                });
    }

    @Override
    public Optional<Task> uploadComplete(String id, InputFile input) {
        Optional<Task> done =
                transition(
                        and(eq("_id", id), eq("input.sha256", null)),
                        set("input", TaskDocuments.input(input)));
        if (done.isEmpty()) {
            return done;
        }
        // its file has arrived: the phase is the job's from now on (none until it reports)
        return transition(
                        and(
                                eq("_id", id),
                                in("status", names(TaskStatus.CANCELLABLE)),
                                eq("progress.phase", Phase.UPLOADING.wireName())),
                        set("progress", TaskDocuments.progress(Progress.NONE)))
                .or(() -> done);
    }

    @Override
    public boolean removeIncompleteUpload(String id) {
        return call(
                () ->
                        tasks.deleteOne(and(eq("_id", id), eq("input.sha256", null)))
                                        .getDeletedCount()
                                > 0);
    }

    @Override
    public void markQueued(String id) {
        call(() -> tasks.updateOne(eq("_id", id), set("queued", true)));
    }

    @Override
    public long unmarkQueued() {
        return call(
                () ->
                        tasks.updateMany(
                                        in("status", names(TaskStatus.CANCELLABLE)),
                                        set("queued", false))
                                .getModifiedCount());
    }

    @Override
    public List<Task> unqueued(Instant before, int limit) {
        return call(
                () -> {
                    List<Task> found = new ArrayList<>();
                    tasks.find(
                                    and(
                                            in("status", names(TaskStatus.CANCELLABLE)),
                                            eq("queued", false),
                                            lt("createdAt", TaskDocuments.date(before))))
                            .sort(Sorts.ascending("createdAt"))
                            .limit(limit)
                            .forEach(d -> found.add(TaskDocuments.toTask(d)));
                    return found;
                });
    }

    @Override
    public Optional<Task> start(String id, Instant now) {
        return transition(
                and(eq("_id", id), eq("status", TaskStatus.QUEUED.name())),
                combine(
                        set("status", TaskStatus.IN_PROGRESS.name()),
                        set("startedAt", TaskDocuments.date(now))));
    }

    @Override
    public Optional<Task> claim(String id, String owner, Instant now, Instant until) {
        Bson lease =
                combine(set("leaseOwner", owner), set("leaseUntil", TaskDocuments.date(until)));
        Optional<Task> started =
                transition(
                        and(eq("_id", id), eq("status", TaskStatus.QUEUED.name())),
                        combine(
                                set("status", TaskStatus.IN_PROGRESS.name()),
                                set("startedAt", TaskDocuments.date(now)),
                                lease));
        if (started.isPresent()) {
            return started;
        }
        // a takeover: the expired lease is in the filter, so of two launchers only one wins
        return transition(
                and(
                        eq("_id", id),
                        eq("status", TaskStatus.IN_PROGRESS.name()),
                        or(
                                eq("leaseUntil", null),
                                lt("leaseUntil", TaskDocuments.date(now)),
                                eq("leaseOwner", owner))),
                lease);
    }

    @Override
    public boolean renew(String id, String owner, Instant until) {
        return transition(heldBy(id, owner), set("leaseUntil", TaskDocuments.date(until)))
                .isPresent();
    }

    /** An IN_PROGRESS task whose lease names {@code owner}, run out or not. */
    private static Bson heldBy(String id, String owner) {
        return and(
                eq("_id", id),
                eq("status", TaskStatus.IN_PROGRESS.name()),
                eq("leaseOwner", owner));
    }

    @Override
    public List<Task> stale(Instant before, Instant now, int limit) {
        Bson notRequestedSince =
                or(eq("requestedAt", null), lt("requestedAt", TaskDocuments.date(before)));
        Bson waiting =
                and(
                        eq("status", TaskStatus.QUEUED.name()),
                        lt("createdAt", TaskDocuments.date(before)));
        Bson abandoned =
                and(
                        eq("status", TaskStatus.IN_PROGRESS.name()),
                        or(eq("leaseUntil", null), lt("leaseUntil", TaskDocuments.date(now))));
        return call(
                () -> {
                    List<Task> found = new ArrayList<>();
                    tasks.find(and(or(waiting, abandoned), notRequestedSince))
                            .sort(Sorts.ascending("createdAt"))
                            .limit(limit)
                            .forEach(d -> found.add(TaskDocuments.toTask(d)));
                    return found;
                });
    }

    @Override
    public void markRequested(String id, Instant now) {
        call(() -> tasks.updateOne(eq("_id", id), set("requestedAt", TaskDocuments.date(now))));
    }

    @Override
    public void recordJob(String id, String flinkJobId, String dashboardUrl) {
        call(
                () ->
                        tasks.updateOne(
                                and(eq("_id", id), eq("status", TaskStatus.IN_PROGRESS.name())),
                                combine(
                                        set("flinkJobId", flinkJobId),
                                        set("dashboardUrl", dashboardUrl))));
    }

    @Override
    public void progress(String id, Progress progress) {
        call(
                () ->
                        tasks.updateOne(
                                and(eq("_id", id), eq("status", TaskStatus.IN_PROGRESS.name())),
                                set("progress", TaskDocuments.progress(progress))));
    }

    @Override
    public boolean complete(
            String id, String owner, TaskReceipt receipt, Progress done, Instant now) {
        return transition(
                        heldBy(id, owner),
                        combine(
                                set("status", TaskStatus.COMPLETED.name()),
                                set("progress", TaskDocuments.progress(done)),
                                set("finishedAt", TaskDocuments.date(now)),
                                set("rowsRead", receipt.rowsRead()),
                                set("rowsWritten", receipt.rowsWritten()),
                                set("invalidRows", receipt.invalidRows()),
                                set("receipt", TaskDocuments.receipt(receipt))))
                .isPresent();
    }

    @Override
    public boolean fail(String id, String owner, List<TaskError> errors, Instant now) {
        return transition(
                        heldBy(id, owner),
                        combine(
                                set("status", TaskStatus.FAILED.name()),
                                set("finishedAt", TaskDocuments.date(now)),
                                set("errors", TaskDocuments.errors(errors))))
                .isPresent();
    }

    @Override
    public Optional<Task> cancel(String id, Instant now) {
        return transition(
                and(eq("_id", id), in("status", names(TaskStatus.CANCELLABLE))),
                combine(
                        set("status", TaskStatus.CANCELLED.name()),
                        set("finishedAt", TaskDocuments.date(now))));
    }

    @Override
    public void markDownloaded(String id) {
        call(
                () ->
                        tasks.updateOne(
                                and(eq("_id", id), eq("status", TaskStatus.COMPLETED.name())),
                                set("status", TaskStatus.DOWNLOADED.name())));
    }

    @Override
    public Optional<Task> expireOne(Instant before, Instant now) {
        return transition(
                and(
                        in("status", names(TaskStatus.READY)),
                        lt("finishedAt", TaskDocuments.date(before))),
                combine(
                        set("status", TaskStatus.EXPIRED.name()),
                        set("expiredAt", TaskDocuments.date(now))));
    }

    @Override
    public List<Task> finishedWithInput(int limit) {
        return call(
                () -> {
                    List<Task> found = new ArrayList<>();
                    tasks.find(
                                    and(
                                            in("status", names(TaskStatus.FINISHED)),
                                            ne("inputDeleted", true)))
                            .limit(limit)
                            .forEach(d -> found.add(TaskDocuments.toTask(d)));
                    return found;
                });
    }

    @Override
    public void markInputDeleted(String id) {
        call(() -> tasks.updateOne(eq("_id", id), set("inputDeleted", true)));
    }

    @Override
    public long removeRecords(Instant expiredBefore, Instant finishedBefore) {
        Bson expired =
                and(
                        eq("status", TaskStatus.EXPIRED.name()),
                        lt("expiredAt", TaskDocuments.date(expiredBefore)));
        Bson over =
                and(
                        in("status", names(NO_RESULT)),
                        lt("finishedAt", TaskDocuments.date(finishedBefore)));
        return call(
                () ->
                        tasks.deleteMany(and(or(expired, over), eq("inputDeleted", true)))
                                .getDeletedCount());
    }

    @Override
    public boolean exists(String id) {
        return call(() -> tasks.countDocuments(eq("_id", id)) > 0);
    }

    @Override
    public boolean unfinished(String id) {
        return call(
                () ->
                        tasks.countDocuments(
                                        and(
                                                eq("_id", id),
                                                in("status", names(TaskStatus.CANCELLABLE))))
                                > 0);
    }

    @Override
    public Map<TaskStatus, Long> countByStatus() {
        return call(
                () -> {
                    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
                    for (TaskStatus status : TaskStatus.values()) {
                        counts.put(status, 0L);
                    }
                    tasks.aggregate(List.of(Aggregates.group("$status", Accumulators.sum("n", 1))))
                            .forEach(
                                    d ->
                                            counts.put(
                                                    TaskStatus.valueOf(d.getString("_id")),
                                                    ((Number) d.get("n")).longValue()));
                    return counts;
                });
    }

    @Override
    public TaskUsage usage(String owner) {
        Bson kept = in("status", names(KEEPS_DISK));
        Bson filter = owner.isEmpty() ? kept : and(eq("owner", owner), kept);
        return call(
                () -> {
                    long running = 0;
                    long runningBytes = 0;
                    long storedBytes = 0;
                    for (Document d :
                            tasks.aggregate(
                                    List.of(
                                            Aggregates.match(filter),
                                            Aggregates.group(
                                                    "$status",
                                                    Accumulators.sum("n", 1),
                                                    Accumulators.sum("bytes", "$input.bytes"))))) {
                        long n = ((Number) d.get("n")).longValue();
                        long bytes = ((Number) d.get("bytes")).longValue();
                        storedBytes += bytes;
                        if (TaskStatus.RUNNING.contains(TaskStatus.valueOf(d.getString("_id")))) {
                            running += n;
                            runningBytes += bytes;
                        }
                    }
                    return new TaskUsage(running, runningBytes, storedBytes);
                });
    }

    @Override
    public long runningInputBytes() {
        return call(
                () -> {
                    Document d =
                            tasks.aggregate(
                                            List.of(
                                                    Aggregates.match(
                                                            in(
                                                                    "status",
                                                                    names(TaskStatus.RUNNING))),
                                                    Aggregates.group(
                                                            null,
                                                            Accumulators.sum(
                                                                    "bytes", "$input.bytes"))))
                                    .first();
                    return d == null ? 0L : ((Number) d.get("bytes")).longValue();
                });
    }

    @Override
    public void ping() {
        call(() -> database.runCommand(new Document("ping", 1)));
    }

    private Optional<Task> transition(Bson filter, Bson update) {
        return call(() ->
                        Optional.ofNullable(
                                tasks.findOneAndUpdate(
                                        filter,
                                        update,
                                        new FindOneAndUpdateOptions()
                                                .returnDocument(ReturnDocument.AFTER))))
                .map(TaskDocuments::toTask);
    }

    private static List<String> names(Set<TaskStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }

    /**
     * Turns every driver failure into the domain's exception, so the API answers 503 and a retry:
     * the driver's text (hosts, commands, documents) stays in the cause, for the log only.
     */
    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (MongoTimeoutException | MongoSocketException e) {
            throw new UnavailableException("the task store (MongoDB) does not answer", e);
        } catch (MongoException e) {
            throw new UnavailableException("the task store (MongoDB) failed to answer", e);
        }
    }
}

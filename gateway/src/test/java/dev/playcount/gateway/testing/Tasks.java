package dev.playcount.gateway.testing;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.InputFile;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskReceipt;
import dev.playcount.gateway.task.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds tasks in any state for the unit tests and the in-memory task store. */
public final class Tasks {

    private String id = UUID.randomUUID().toString();
    private String owner = "";
    private TaskStatus status = TaskStatus.QUEUED;
    private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");
    private Instant startedAt;
    private Instant finishedAt;
    private InputFile input = new InputFile("plays.csv", 1_000, "input-sha");
    private InvalidRowPolicy policy = InvalidRowPolicy.FAIL;
    private Progress progress = Progress.NONE;
    private Long rowsRead;
    private Long rowsWritten;
    private Long invalidRows;
    private List<TaskError> errors = List.of();
    private String flinkJobId;
    private String dashboardUrl;
    private boolean queued;
    private String idempotencyKey;
    private boolean inputDeleted;
    private TaskReceipt receipt;
    private String leaseOwner;
    private Instant leaseUntil;
    private Instant requestedAt;

    private Tasks() {}

    /** A QUEUED task whose request is not confirmed yet, created at 2026-01-01T00:00:00Z. */
    public static Tasks queued() {
        return new Tasks();
    }

    public static Tasks from(Task t) {
        Tasks b = new Tasks();
        b.id = t.id();
        b.owner = t.owner();
        b.status = t.status();
        b.createdAt = t.createdAt();
        b.startedAt = t.startedAt();
        b.finishedAt = t.finishedAt();
        b.input = t.input();
        b.policy = t.invalidRowPolicy();
        b.progress = t.progress();
        b.rowsRead = t.rowsRead();
        b.rowsWritten = t.rowsWritten();
        b.invalidRows = t.invalidRows();
        b.errors = t.errors();
        b.flinkJobId = t.flinkJobId();
        b.dashboardUrl = t.dashboardUrl();
        b.queued = t.queued();
        b.idempotencyKey = t.idempotencyKey();
        b.inputDeleted = t.inputDeleted();
        b.receipt = t.receipt();
        b.leaseOwner = t.leaseOwner();
        b.leaseUntil = t.leaseUntil();
        b.requestedAt = t.requestedAt();
        return b;
    }

    /** A receipt of a run that read {@code rows} rows and wrote them all. */
    public static TaskReceipt receipt(long rows) {
        return new TaskReceipt(rows, rows, 0, 0, "10", "10", rows, "input-sha", "result-sha", 1.5);
    }

    public Tasks id(String value) {
        id = value;
        return this;
    }

    public Tasks input(InputFile value) {
        input = value;
        return this;
    }

    public Tasks owner(String value) {
        owner = value;
        return this;
    }

    public Tasks status(TaskStatus value) {
        status = value;
        return this;
    }

    public Tasks createdAt(Instant value) {
        createdAt = value;
        return this;
    }

    public Tasks startedAt(Instant value) {
        startedAt = value;
        return this;
    }

    public Tasks finishedAt(Instant value) {
        finishedAt = value;
        return this;
    }

    public Tasks policy(InvalidRowPolicy value) {
        policy = value;
        return this;
    }

    public Tasks progress(Progress value) {
        progress = value;
        return this;
    }

    public Tasks errors(List<TaskError> value) {
        errors = List.copyOf(value);
        return this;
    }

    public Tasks flinkJob(String jobId, String url) {
        flinkJobId = jobId;
        dashboardUrl = url;
        return this;
    }

    public Tasks queued(boolean value) {
        queued = value;
        return this;
    }

    public Tasks idempotencyKey(String value) {
        idempotencyKey = value;
        return this;
    }

    public Tasks inputDeleted(boolean value) {
        inputDeleted = value;
        return this;
    }

    /** Sets the receipt and the counts a completed task shows from it. */
    public Tasks receipt(TaskReceipt value) {
        receipt = value;
        rowsRead = value == null ? null : value.rowsRead();
        rowsWritten = value == null ? null : value.rowsWritten();
        invalidRows = value == null ? null : value.invalidRows();
        return this;
    }

    /** The launcher that holds the task and until when. */
    public Tasks lease(String owner, Instant until) {
        leaseOwner = owner;
        leaseUntil = until;
        return this;
    }

    public Tasks requestedAt(Instant value) {
        requestedAt = value;
        return this;
    }

    public Task build() {
        return new Task(
                id,
                owner,
                status,
                createdAt,
                startedAt,
                finishedAt,
                input,
                policy,
                progress,
                rowsRead,
                rowsWritten,
                invalidRows,
                errors,
                flinkJobId,
                dashboardUrl,
                queued,
                idempotencyKey,
                inputDeleted,
                receipt,
                leaseOwner,
                leaseUntil,
                requestedAt);
    }
}

package dev.playcount.gateway.task;

import dev.playcount.core.csv.InvalidRowPolicy;
import java.time.Instant;
import java.util.List;

/**
 * One uploaded file and the job that aggregates it. The record in the task store is the source of
 * truth; {@code queued} says whether the broker confirmed its job request.
 *
 * @param owner the API key's owner id, empty when the API is open
 * @param queued whether a job request for this task was confirmed by the broker
 * @param receipt the counts and hashes of a finished run, or null
 * @param leaseOwner the launcher that holds an IN_PROGRESS task, or null
 * @param leaseUntil when that launcher's hold ends unless renewed, or null
 * @param requestedAt when the sweep last sent the task's job request again, or null
 */
public record Task(
        String id,
        String owner,
        TaskStatus status,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        InputFile input,
        InvalidRowPolicy invalidRowPolicy,
        Progress progress,
        Long rowsRead,
        Long rowsWritten,
        Long invalidRows,
        List<TaskError> errors,
        String flinkJobId,
        String dashboardUrl,
        boolean queued,
        String idempotencyKey,
        boolean inputDeleted,
        TaskReceipt receipt,
        String leaseOwner,
        Instant leaseUntil,
        Instant requestedAt) {

    /** A task just accepted: its input is stored and its job request not yet confirmed. */
    public static Task accepted(
            String id,
            String owner,
            Instant now,
            InputFile input,
            InvalidRowPolicy policy,
            String idempotencyKey) {
        return new Task(
                id,
                owner,
                TaskStatus.QUEUED,
                now,
                null,
                null,
                input,
                policy,
                Progress.NONE,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                false,
                idempotencyKey,
                false,
                null,
                null,
                null,
                null);
    }

    public Task withQueued(boolean value) {
        return new Task(
                id,
                owner,
                status,
                createdAt,
                startedAt,
                finishedAt,
                input,
                invalidRowPolicy,
                progress,
                rowsRead,
                rowsWritten,
                invalidRows,
                errors,
                flinkJobId,
                dashboardUrl,
                value,
                idempotencyKey,
                inputDeleted,
                receipt,
                leaseOwner,
                leaseUntil,
                requestedAt);
    }

    public Task withProgress(Progress value) {
        return new Task(
                id,
                owner,
                status,
                createdAt,
                startedAt,
                finishedAt,
                input,
                invalidRowPolicy,
                value,
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

    /** The task with its input's final size and SHA-256, once its upload is complete. */
    public Task withInput(InputFile value) {
        return new Task(
                id,
                owner,
                status,
                createdAt,
                startedAt,
                finishedAt,
                value,
                invalidRowPolicy,
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

    /** Whether its file is still arriving: the SHA-256 is known once the last byte is stored. */
    public boolean uploading() {
        return input.sha256() == null;
    }
}

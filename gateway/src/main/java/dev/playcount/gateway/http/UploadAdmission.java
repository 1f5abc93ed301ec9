package dev.playcount.gateway.http;

import dev.playcount.gateway.task.Task;
import java.util.function.Supplier;

/**
 * Lets an upload in only within the limits: a slot among the uploads read at once and a new-task
 * token, both taken before the body is read; the token goes back when the upload makes no task.
 */
final class UploadAdmission {

    private final TransferLimit uploads;
    private final TaskRateLimit newTasks;

    UploadAdmission(TransferLimit uploads, TaskRateLimit newTasks) {
        this.uploads = uploads;
        this.newTasks = newTasks;
    }

    /**
     * Runs {@code receive} holding a slot and a token of {@code owner}.
     *
     * @throws LimitException when either is not to be had
     */
    Task admit(String owner, Supplier<Task> receive) {
        try (TransferLimit.Slot slot = uploads.acquire(owner)) {
            newTasks.take(owner);
            try {
                return receive.get();
            } catch (RuntimeException e) {
                newTasks.giveBack(owner);
                throw e;
            }
        }
    }

    /**
     * A slot among the uploads read at once, for one PATCH of a resumable upload: each counts as an
     * upload while it sends.
     */
    TransferLimit.Slot slot(String owner) {
        return uploads.acquire(owner);
    }

    /**
     * Runs {@code create} holding a new-task token of {@code owner}, given back when it fails: a
     * resumable upload takes its token when it is created.
     */
    <T> T withToken(String owner, Supplier<T> create) {
        newTasks.take(owner);
        try {
            return create.get();
        } catch (RuntimeException e) {
            newTasks.giveBack(owner);
            throw e;
        }
    }

    /** Gives back the new-task token of a resumable upload that ended without a task. */
    void giveBack(String owner) {
        newTasks.giveBack(owner);
    }
}

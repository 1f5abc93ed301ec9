package dev.playcount.gateway.tus;

import dev.playcount.gateway.task.InputFile;
import dev.playcount.gateway.task.Phase;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskStatus;
import java.util.List;

/**
 * How an upload that has no task yet shows as one: QUEUED (the only status before a job), in phase
 * {@code uploading} with the share of its declared length received so far.
 */
final class UploadingTask {

    private UploadingTask() {}

    static Task of(TusSession s) {
        return of(s, TaskStatus.QUEUED);
    }

    /** As {@link #of(TusSession)}, in another status (CANCELLED once its client cancelled it). */
    static Task of(TusSession s, TaskStatus status) {
        long length = s.length();
        long offset = s.committed();
        double phasePercent =
                length > 0 ? Math.min(100.0, Math.floor(offset * 1000.0 / length) / 10.0) : 0;
        return new Task(
                s.id,
                s.owner,
                status,
                s.createdAt,
                null,
                null,
                new InputFile(s.fileName, Math.max(offset, 0), null),
                s.policy,
                new Progress(0, Phase.UPLOADING, phasePercent, 0, offset),
                null,
                null,
                null,
                List.of(),
                null,
                null,
                false,
                s.idempotencyKey,
                false,
                null,
                null,
                null,
                null);
    }
}

package dev.playcount.gateway.http;

import dev.playcount.gateway.task.InputFile;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskReceipt;
import java.time.Instant;
import java.util.List;

/** A task as the API shows it: the design's fields, none of the store's bookkeeping. */
public record TaskView(
        String id,
        String status,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        InputFile input,
        String invalidRowPolicy,
        ProgressView progress,
        Long rowsRead,
        Long rowsWritten,
        Long invalidRows,
        List<TaskError> errors,
        String flinkJobId,
        String dashboardUrl,
        TaskReceipt receipt) {

    static TaskView of(Task t) {
        return new TaskView(
                t.id(),
                t.status().name(),
                t.createdAt(),
                t.startedAt(),
                t.finishedAt(),
                t.input(),
                t.invalidRowPolicy().wireName(),
                ProgressView.of(t.progress()),
                t.rowsRead(),
                t.rowsWritten(),
                t.invalidRows(),
                t.errors(),
                t.flinkJobId(),
                t.dashboardUrl(),
                t.receipt());
    }
}

package dev.playcount.gateway.http;

import dev.playcount.gateway.task.Task;

/** The body of the task endpoints: the task and where to ask next. */
public record TaskEnvelope(TaskView task, String next) {

    static TaskEnvelope of(Task task) {
        return new TaskEnvelope(TaskView.of(task), Paths.status(task.id()));
    }
}

package dev.playcount.gateway.task;

/** The task exists but its status does not allow what was asked (409, or 410 once expired). */
public final class TaskStateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Task task;
    private final String code;

    public TaskStateException(Task task, String code, String message) {
        super(message);
        this.task = task;
        this.code = code;
    }

    public String code() {
        return code;
    }

    public Task task() {
        return task;
    }

    public boolean expired() {
        return task.status() == TaskStatus.EXPIRED;
    }

    /** Whether asking again later can succeed (the task is still on its way). */
    public boolean worthRetrying() {
        return !TaskStatus.FINISHED.contains(task.status());
    }
}

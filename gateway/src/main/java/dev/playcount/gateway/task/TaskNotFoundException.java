package dev.playcount.gateway.task;

/** No task with this id is visible to the caller. */
public final class TaskNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TaskNotFoundException(String id) {
        super("no task with id " + id);
    }
}

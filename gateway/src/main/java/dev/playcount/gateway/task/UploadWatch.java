package dev.playcount.gateway.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Stops an upload whose task ended while its file was still arriving (its job starts before the
 * last byte): a task cancelled meanwhile (DELETE, on this gateway or another), or one whose job
 * failed, as under {@code invalidRows=fail} at the first bad row. A timer looks at the task every
 * {@link #INTERVAL}; when it must stop, it interrupts the request's thread, which may be blocked
 * reading a client that sends slowly (or waits for the answer), and the upload ends with {@link
 * #stopped()} as its answer.
 */
final class UploadWatch implements LongConsumer {

    static final Duration INTERVAL = Duration.ofMillis(500);

    private final TaskLookup tasks;
    private final String id;
    private final LongConsumer next;
    private volatile RuntimeException stop;
    private Thread reader;
    private ScheduledFuture<?> timer;
    private boolean ended;

    UploadWatch(TaskLookup tasks, String id, LongConsumer next) {
        this.tasks = tasks;
        this.id = id;
        this.next = next;
    }

    /** From now on the task is in the store and is watched; call on the request's thread. */
    synchronized void recorded(ScheduledExecutorService timers) {
        reader = Thread.currentThread();
        long every = INTERVAL.toMillis();
        timer = timers.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void accept(long bytes) {
        next.accept(bytes);
        RuntimeException why = stop;
        if (why != null) {
            throw why;
        }
    }

    private synchronized void look() {
        if (ended || stop != null) {
            return;
        }
        try {
            check();
        } catch (UnavailableException e) {
            // the store is away for a moment: the upload goes on, the next look tries again
        } catch (RuntimeException e) {
            stop = e;
            timer.cancel(false);
            reader.interrupt();
        }
    }

    /**
     * Stops watching, on the request's thread: after this no interrupt comes, and one that came is
     * cleared. Returns why the upload was stopped, or null.
     */
    RuntimeException end() {
        synchronized (this) {
            ended = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (stop != null) {
            Thread.interrupted();
        }
        return stop;
    }

    /** Why the upload was stopped, or null while it may go on. */
    RuntimeException stopped() {
        return stop;
    }

    /**
     * Throws when the task can no longer take its file: the error a client should see, so it stops
     * sending.
     */
    void check() {
        Task task = tasks.find(id).orElse(null);
        if (task == null) {
            throw new UploadInterruptedException(
                    "task " + id + " was removed while its file was uploading", null);
        }
        switch (task.status()) {
            case CANCELLED ->
                    throw new TaskStateException(
                            task,
                            "cancelled",
                            "the task was cancelled while its file was uploading");
            case FAILED -> throw failed(task);
            default -> {
                // still queued or running: keep sending
            }
        }
    }

    /**
     * The job's failure as the upload's answer: a bad row (or header) is the request's fault, a 400
     * with the row's line and reason, the error the task got; anything else ends the upload as a
     * failed task does.
     */
    private static RuntimeException failed(Task task) {
        TaskError error =
                task.errors().isEmpty()
                        ? new TaskError("job_failed", "the task's job failed", null)
                        : task.errors().get(0);
        List<String> details = error.line() == null ? List.of() : List.of("line " + error.line());
        if ("invalid_row".equals(error.code()) || "invalid_header".equals(error.code())) {
            return new BadRequestException(error.code(), error.message(), details);
        }
        return new TaskStateException(
                task,
                error.code(),
                "the task's job failed while its file was uploading: " + error.message());
    }
}

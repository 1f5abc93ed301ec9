package dev.playcount.gateway.launcher;

import dev.playcount.gateway.task.JobOutcome;
import dev.playcount.gateway.task.LauncherTaskStore;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskFiles;
import dev.playcount.gateway.task.TaskStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a task's job ended, and deletes what must go with it: only under this launcher's
 * lease (the store's writes are conditional on it), or for a task that is really CANCELLED. A
 * launcher that lost the task records nothing and deletes nothing; its holder decides.
 */
final class OutcomeRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final LauncherTaskStore tasks;
    private final TaskFiles files;
    private final Clock clock;
    private final TaskLease lease;

    OutcomeRecorder(LauncherTaskStore tasks, TaskFiles files, Clock clock, TaskLease lease) {
        this.tasks = tasks;
        this.files = files;
        this.clock = clock;
        this.lease = lease;
    }

    void record(Task task, String jobId, JobOutcome outcome) {
        if (tasks.find(task.id()).isEmpty()) {
            // removed while its job ran: an upload that broke before its last byte; nobody else
            // owns what the job left
            files.deleteAll(task.id());
            LOG.info(
                    "task {} was removed while its Flink job {} ran; its files are deleted",
                    task.id(),
                    jobId);
            return;
        }
        switch (outcome.state()) {
            case FINISHED -> {
                long rows = outcome.receipt().rowsRead();
                // one write: a task never shows 100% while it is still IN_PROGRESS
                Progress done = Progress.completed(rows, task.input().bytes());
                if (tasks.complete(
                        task.id(), lease.owner(), outcome.receipt(), done, clock.instant())) {
                    files.deleteStaging(task.id()); // the publish manifest: recorded now
                    LOG.info(
                            "task {} COMPLETED: {} rows read, {} written, {} invalid, {} s",
                            task.id(),
                            rows,
                            outcome.receipt().rowsWritten(),
                            outcome.receipt().invalidRows(),
                            outcome.receipt().seconds());
                } else if (cancelled(task)) {
                    // cancelled while the job finished: the cancel wins, its files go
                    files.deleteAll(task.id());
                } else {
                    // another launcher holds the task now, or recorded it first: what it
                    // published (the same run's result, published once) is the task's and stays
                    LOG.info("task {}: not held here any more; COMPLETED not recorded", task.id());
                }
            }
            case FAILED -> fail(task, outcome.errors().get(0));
            default -> {
                if (tasks.cancel(task.id(), clock.instant()).isPresent() || cancelled(task)) {
                    files.deleteAll(task.id());
                    LOG.info("task {} CANCELLED (Flink job {})", task.id(), jobId);
                }
            }
        }
    }

    void fail(Task task, TaskError error) {
        // what the run left goes before FAILED shows, and only under a lease renewed just now
        if (lease.renewNow(task.id())) {
            files.deleteOutputs(task.id());
        }
        if (tasks.fail(task.id(), lease.owner(), List.of(error), clock.instant())) {
            LOG.info("task {} FAILED: {}", task.id(), error.message());
        } else if (cancelled(task)) {
            files.deleteAll(task.id()); // cancelled while the job was failing: the cancel wins
        } else {
            // taken over, or completed by another launcher following the same job (a request
            // sent again): its holder decides, and a result it published stays
            Optional<Task> now = tasks.find(task.id());
            LOG.info(
                    "task {} is {}, held by launcher {}: not failed here ({})",
                    task.id(),
                    now.map(Task::status).orElse(null),
                    now.map(Task::leaseOwner).orElse(null),
                    error.message());
        }
    }

    /**
     * Only a task that is really CANCELLED has its files deleted by a launcher that lost a race.
     */
    boolean cancelled(Task task) {
        return tasks.find(task.id()).map(t -> t.status() == TaskStatus.CANCELLED).orElse(false);
    }
}

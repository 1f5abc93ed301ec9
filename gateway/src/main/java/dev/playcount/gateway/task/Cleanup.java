package dev.playcount.gateway.task;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention schedule (the original's Celery Beat job): deletes the inputs and staging folders
 * of finished (completed, failed, cancelled) tasks, expires results older than {@code RESULT_TTL},
 * and removes files no task owns and staging folders no running task writes. Safe when several
 * gateways run it: each task is claimed by one atomic update, and deleting a missing file is fine.
 */
public final class Cleanup implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);
    private static final int BATCH = 500;

    private final CleanupTaskStore tasks;
    private final TaskFiles files;
    private final Clock clock;
    private final Duration resultTtl;
    private final Duration orphanGrace;
    private final Duration recordTtl;

    public Cleanup(
            CleanupTaskStore tasks,
            TaskFiles files,
            Clock clock,
            Duration resultTtl,
            Duration orphanGrace) {
        this(tasks, files, clock, resultTtl, orphanGrace, Duration.ofDays(30));
    }

    /**
     * @param recordTtl how long a task's record stays after its result expired (or, for a failed or
     *     cancelled task, would have): the list and the store do not grow for ever
     */
    public Cleanup(
            CleanupTaskStore tasks,
            TaskFiles files,
            Clock clock,
            Duration resultTtl,
            Duration orphanGrace,
            Duration recordTtl) {
        this.tasks = tasks;
        this.files = files;
        this.clock = clock;
        this.resultTtl = resultTtl;
        this.orphanGrace = orphanGrace;
        this.recordTtl = recordTtl;
    }

    @Override
    public void run() {
        try {
            Report report = runOnce();
            if (report.any()) {
                LOG.info("cleanup: {}", report);
            }
        } catch (RuntimeException | IOException e) {
            LOG.warn("cleanup failed, will retry at the next run: {}", e.toString());
        }
    }

    public Report runOnce() throws IOException {
        Instant now = clock.instant();
        int expired = 0;
        Optional<Task> task;
        while ((task = tasks.expireOne(now.minus(resultTtl), now)).isPresent()) {
            files.deleteAll(task.get().id());
            tasks.markInputDeleted(task.get().id());
            expired++;
        }
        int inputs = 0;
        for (Task finished : tasks.finishedWithInput(BATCH)) {
            files.deleteInput(finished.id());
            // a finished run is never published again: its staged manifests and leftovers go
            files.deleteStaging(finished.id());
            if (finished.status() == TaskStatus.CANCELLED) {
                files.deleteAll(finished.id());
            }
            tasks.markInputDeleted(finished.id());
            inputs++;
        }
        // after the inputs: a record goes only once its files did
        long records =
                tasks.removeRecords(now.minus(recordTtl), now.minus(resultTtl).minus(recordTtl));
        int orphans = 0;
        Instant graceStart = now.minus(orphanGrace);
        for (StoredFile file : files.list()) {
            // A live upload rewrites its file all the time, a running job its staging folder; one
            // untouched for the grace period is abandoned.
            boolean stale = file.modified().isBefore(graceStart);
            if (stale && abandoned(file)) {
                files.delete(file);
                orphans++;
            }
        }
        return new Report(expired, inputs, orphans, records);
    }

    private boolean abandoned(StoredFile file) {
        if (file.partial()) {
            return true;
        }
        if (file.staging()) {
            // Only a QUEUED or IN_PROGRESS task's job writes there. A folder that appeared after
            // the finished task's input went (a cancelled job that wrote on until its cancel
            // arrived, a failed task's job submitted again) is deleted by nothing else.
            return !tasks.unfinished(file.taskId());
        }
        // a complete file is an orphan when no task names it
        return !tasks.exists(file.taskId());
    }

    /** What one run removed. */
    public record Report(
            int expiredTasks, int deletedInputs, int orphanFiles, long removedRecords) {
        boolean any() {
            return expiredTasks + deletedInputs + orphanFiles + removedRecords > 0;
        }
    }
}

package dev.playcount.gateway.launcher;

import dev.playcount.gateway.task.ClusterUnavailableException;
import dev.playcount.gateway.task.JobRunner;
import dev.playcount.gateway.task.LauncherTaskStore;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskFiles;
import dev.playcount.gateway.task.TaskStatus;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's periodic job check: cancels the Flink jobs still running for tasks that are
 * CANCELLED, FAILED or EXPIRED. A cancel issued while no launcher followed the job, or a job left
 * running when the cluster stayed away past the tolerance, reaches the cluster this way. A job
 * whose id is no task's (another user of a shared cluster) is left alone.
 *
 * <p>Once a job cancelled here has ended, what it left goes at the next round, as a launcher
 * following a job deletes a cancelled task's files after its job: all of a CANCELLED task's files,
 * the outputs and staging of a FAILED or EXPIRED one. Not before: the job reads its input and
 * writes into its staging folder until it has stopped.
 */
public final class StrayJobCanceller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StrayJobCanceller.class);
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Set<TaskStatus> OVER =
            Set.of(TaskStatus.CANCELLED, TaskStatus.FAILED, TaskStatus.EXPIRED);

    private final LauncherTaskStore tasks;
    private final JobRunner jobs;
    private final TaskFiles files;

    /** Jobs cancelled here that had not ended at the last look (one schedule thread runs this). */
    private final Set<String> cancelled = new HashSet<>();

    public StrayJobCanceller(LauncherTaskStore tasks, JobRunner jobs, TaskFiles files) {
        this.tasks = tasks;
        this.jobs = jobs;
        this.files = files;
    }

    @Override
    public void run() {
        try {
            List<String> running = jobs.runningJobs();
            for (Iterator<String> it = cancelled.iterator(); it.hasNext(); ) {
                String jobId = it.next();
                if (!running.contains(jobId)) {
                    taskOf(jobId).flatMap(tasks::find).ifPresent(this::deleteLeftovers);
                    it.remove();
                }
            }
            for (String jobId : running) {
                Optional<Task> task = taskOf(jobId).flatMap(tasks::find);
                if (task.isPresent() && OVER.contains(task.get().status())) {
                    LOG.info(
                            "task {} is {} but its Flink job {} runs: cancelling it",
                            task.get().id(),
                            task.get().status(),
                            jobId);
                    jobs.cancel(jobId);
                    cancelled.add(jobId);
                }
            }
        } catch (ClusterUnavailableException e) {
            LOG.debug("job check skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            // a scheduled job that throws is never run again: log and try at the next round
            LOG.warn("job check failed: {}", e.toString());
        }
    }

    /** What the task's job left, once it ended; its status is final, so no run follows. */
    private void deleteLeftovers(Task task) {
        if (task.status() == TaskStatus.CANCELLED) {
            files.deleteAll(task.id());
        } else {
            files.deleteOutputs(task.id()); // FAILED or EXPIRED: no result to keep
        }
        LOG.info(
                "task {}: its cancelled Flink job ended; the files it left are deleted", task.id());
    }

    /** The task id a job id stands for: the same 128 bits (see {@link JobSubmitter#jobId}). */
    static Optional<String> taskOf(String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) {
            return Optional.empty();
        }
        long high = Long.parseUnsignedLong(jobId.substring(0, 16), 16);
        long low = Long.parseUnsignedLong(jobId.substring(16), 16);
        return Optional.of(new UUID(high, low).toString());
    }
}

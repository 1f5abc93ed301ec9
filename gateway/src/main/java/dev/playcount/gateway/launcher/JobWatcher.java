package dev.playcount.gateway.launcher;

import dev.playcount.gateway.task.JobState;
import dev.playcount.gateway.task.Phase;
import dev.playcount.gateway.task.Progress;
import dev.playcount.pipeline.progress.JobProgress;
import dev.playcount.pipeline.progress.JobProgressClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.messages.FlinkJobNotFoundException;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagerDetailsHeaders;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagerDetailsInfo;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagerInfo;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagerMessageParameters;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagersHeaders;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagersInfo;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Follows a running job: its state, how far it has read, and cancelling it. */
final class JobWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(JobWatcher.class);

    private final RestClusterClient<String> client;
    private final JobProgressClient progress;

    JobWatcher(RestClusterClient<String> client, JobProgressClient progress) {
        this.client = client;
        this.progress = progress;
    }

    /** Where the job is, or {@link JobState#UNKNOWN} when the cluster does not know it. */
    JobState state(String jobId) {
        try {
            JobStatus status =
                    client.getJobStatus(JobID.fromHexString(jobId))
                            .get(ClusterCalls.TIMEOUT_S, TimeUnit.SECONDS);
            return switch (status) {
                case FINISHED -> JobState.FINISHED;
                case FAILED -> JobState.FAILED;
                case CANCELED -> JobState.CANCELED;
                default -> JobState.RUNNING;
            };
        } catch (Exception e) {
            ClusterCalls.keepInterrupt(e);
            if (notFound(e)) {
                return JobState.UNKNOWN;
            }
            throw ClusterCalls.failure("the Flink cluster refused the status of job " + jobId, e);
        }
    }

    private static boolean notFound(Throwable e) {
        // The status endpoint answers an unknown job with a 500 whose text names the exception.
        return ExceptionUtils.findThrowable(e, FlinkJobNotFoundException.class).isPresent()
                || ExceptionUtils.findThrowable(e, RestClientException.class)
                        .map(
                                r ->
                                        r.getHttpResponseStatus() == HttpResponseStatus.NOT_FOUND
                                                || String.valueOf(r.getMessage())
                                                        .contains(
                                                                FlinkJobNotFoundException.class
                                                                        .getSimpleName()))
                        .orElse(false);
    }

    /** How far the job has read, if the cluster reports it yet; never fails the caller. */
    Optional<Progress> progress(String jobId, long inputBytes) {
        try {
            return progress.poll(jobId, inputBytes).map(JobWatcher::progress);
        } catch (Exception e) {
            ClusterCalls.keepInterrupt(e);
            LOG.debug("no progress for job {}: {}", jobId, e.toString());
            return Optional.empty();
        }
    }

    /**
     * The task's progress from the job's: below 100 until the task is COMPLETED, because a finished
     * job's result is still to be checked and published.
     */
    static Progress progress(JobProgress p) {
        return new Progress(
                Math.min(99.9, p.percent()),
                Phase.valueOf(p.phase().name()),
                p.phasePercent(),
                p.rowsRead(),
                p.bytesRead());
    }

    /** The ids of the jobs the cluster runs now (not ended), whoever submitted them. */
    List<String> running() {
        return ClusterCalls.await(client.listJobs()).stream()
                .filter(job -> !job.getJobState().isGloballyTerminalState())
                .map(job -> job.getJobId().toHexString())
                .toList();
    }

    /**
     * Whether a TaskManager may hold slots of the job, as the cluster's resource manager sees it:
     * one that registered reports them; with none registered yet (a JobManager just started), one
     * of those to come may hold them.
     */
    boolean slotsHeld(String jobId) {
        JobID id = JobID.fromHexString(jobId);
        TaskManagersInfo all =
                ClusterCalls.await(
                        client.sendRequest(
                                TaskManagersHeaders.getInstance(),
                                EmptyMessageParameters.getInstance(),
                                EmptyRequestBody.getInstance()));
        if (all.getTaskManagerInfos().isEmpty()) {
            return true;
        }
        for (TaskManagerInfo taskManager : all.getTaskManagerInfos()) {
            TaskManagerMessageParameters parameters =
                    TaskManagerDetailsHeaders.getInstance().getUnresolvedMessageParameters();
            parameters.taskManagerIdParameter.resolve(taskManager.getResourceId());
            TaskManagerDetailsInfo details =
                    ClusterCalls.await(
                            client.sendRequest(
                                    TaskManagerDetailsHeaders.getInstance(),
                                    parameters,
                                    EmptyRequestBody.getInstance()));
            if (details.getAllocatedSlots().stream().anyMatch(s -> id.equals(s.getJobId()))) {
                return true;
            }
        }
        return false;
    }

    /** Asks the cluster to cancel the job; a job that already ended is left as it is. */
    void cancel(String jobId) {
        try {
            client.cancel(JobID.fromHexString(jobId)).get(ClusterCalls.TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            ClusterCalls.keepInterrupt(e);
            LOG.info("cancel of job {}: {}", jobId, ClusterCalls.brief(e));
        }
    }
}

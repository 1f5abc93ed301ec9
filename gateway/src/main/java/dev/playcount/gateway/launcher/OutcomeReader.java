package dev.playcount.gateway.launcher;

import dev.playcount.core.error.PipelineException;
import dev.playcount.core.error.StorageFull;
import dev.playcount.core.receipt.Receipt;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.pipeline.Failures;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.util.SerializedThrowable;

/**
 * Reads how a job in a terminal state ended: its counts when it succeeded, else its typed error,
 * restored from the serialized failure in its result (see {@link Failures}).
 */
final class OutcomeReader {

    /** How a job ended, before anything is published. */
    sealed interface Ended {}

    /** The job succeeded; its accumulators counted the run. */
    record Succeeded(Receipt counts) implements Ended {}

    /** The job failed with this error. */
    record Failed(TaskError error) implements Ended {}

    /** The job was cancelled. */
    record Canceled() implements Ended {}

    private final RestClusterClient<String> client;

    /** A loader that has pipeline-core, so the job's error is restored as its own class. */
    private final ClassLoader loader = OutcomeReader.class.getClassLoader();

    OutcomeReader(RestClusterClient<String> client) {
        this.client = client;
    }

    /**
     * @throws dev.playcount.gateway.task.ClusterUnavailableException when the cluster does not
     *     answer; IllegalStateException when it refuses to give the job's result
     */
    Ended read(String jobId) {
        JobResult result;
        try {
            result =
                    client.requestJobResult(JobID.fromHexString(jobId))
                            .get(ClusterCalls.TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            ClusterCalls.keepInterrupt(e);
            throw ClusterCalls.failure(
                    "the Flink cluster did not give job " + jobId + "'s result", e);
        }
        if (result.isSuccess()) {
            return counts(result);
        }
        if (result.getJobStatus().orElse(JobStatus.FAILED) == JobStatus.CANCELED) {
            return new Canceled();
        }
        return new Failed(error(result.getSerializedThrowable()));
    }

    private Ended counts(JobResult result) {
        try {
            Map<String, Object> accumulators =
                    result.toJobExecutionResult(loader).getAllAccumulatorResults();
            return new Succeeded(Receipt.fromAccumulators(accumulators));
        } catch (Exception e) {
            ClusterCalls.keepInterrupt(e);
            // the job finished, but what it counted cannot be read: nothing can be checked
            return new Failed(
                    new TaskError(
                            "publish_failed", "the result could not be published: " + e, null));
        }
    }

    /** The job's own error as data: its code, message and line; else the root cause in a line. */
    TaskError error(Optional<SerializedThrowable> failure) {
        if (failure.isEmpty()) {
            return new TaskError("job_failed", "the job failed", null);
        }
        Throwable restored = failure.get().deserializeError(loader);
        Optional<PipelineException> full = StorageFull.in(restored);
        if (full.isPresent()) {
            return taskError(full.get());
        }
        return Failures.find(restored, loader)
                .map(OutcomeReader::taskError)
                .orElseGet(() -> new TaskError("job_failed", Failures.userMessage(restored), null));
    }

    static TaskError taskError(PipelineException e) {
        return new TaskError(e.code().wireName(), e.getMessage(), e.line().orElse(null));
    }
}

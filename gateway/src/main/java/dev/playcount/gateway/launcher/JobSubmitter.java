package dev.playcount.gateway.launcher;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.LogSafeText;
import dev.playcount.gateway.task.Task;
import dev.playcount.pipeline.JobOptions;
import dev.playcount.pipeline.PlayCountJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.client.DuplicateApplicationSubmissionException;
import org.apache.flink.runtime.client.DuplicateJobSubmissionException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a task's job once: the job id is the task id's 128 bits, so a second submission for one
 * task is refused by the cluster and found instead.
 */
final class JobSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(JobSubmitter.class);

    private final RestClusterClient<String> client;
    private final FileStore files;
    private final Parallelism parallelism;
    private final Path jobJar;
    private final boolean pipelined;
    private final Duration uploadStallTimeout;

    /**
     * @param uploadStallTimeout how long a job that reads an upload while it arrives waits for more
     *     bytes before it fails
     */
    JobSubmitter(
            RestClusterClient<String> client,
            FileStore files,
            Parallelism parallelism,
            Path jobJar,
            boolean pipelined,
            Duration uploadStallTimeout) {
        this.client = client;
        this.files = files;
        this.parallelism = parallelism;
        this.jobJar = jobJar;
        this.pipelined = pipelined;
        this.uploadStallTimeout = uploadStallTimeout;
    }

    static JobID jobId(String taskId) {
        UUID uuid = UUID.fromString(taskId);
        return new JobID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /**
     * Starts the task's job unless the cluster has (or had) it; returns the job id either way.
     *
     * @throws dev.playcount.gateway.task.ClusterUnavailableException when the cluster did not
     *     answer
     */
    String start(Task task) {
        JobID id = jobId(task.id());
        if (known(id)) {
            return id.toHexString();
        }
        int jobParallelism = parallelism.resolve(this::slotsTotal);
        LOG.info("task {}: parallelism {}", task.id(), jobParallelism);
        StreamGraph graph = graph(task, options(task, jobParallelism));
        graph.setJobId(id);
        try {
            // a StreamGraph travels with its functions serialized; the cluster fails without it
            graph.serializeUserDefinedInstances();
            client.submitJob(graph).get(ClusterCalls.TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            ClusterCalls.keepInterrupt(e);
            if (!duplicate(e)) {
                // an unanswered submit is retried: start() asks first whether the job exists
                throw ClusterCalls.failure("the Flink cluster refused the job", e);
            }
            LOG.info("task {}: the cluster already has job {}", task.id(), id);
        }
        return id.toHexString();
    }

    /**
     * Whether the cluster refused the job because it has (or had) it. Over REST the refusal comes
     * as the server's stack trace in a message; Flink 2.3 names it {@code
     * DuplicateApplicationSubmissionException} (its job is wrapped in an application) where earlier
     * versions said {@code DuplicateJobSubmissionException}.
     */
    static boolean duplicate(Throwable e) {
        return ExceptionUtils.findThrowable(e, DuplicateJobSubmissionException.class).isPresent()
                || ExceptionUtils.findThrowable(e, DuplicateApplicationSubmissionException.class)
                        .isPresent()
                || ExceptionUtils.findThrowableWithMessage(
                                e, DuplicateJobSubmissionException.class.getSimpleName())
                        .isPresent()
                || ExceptionUtils.findThrowableWithMessage(
                                e, DuplicateApplicationSubmissionException.class.getSimpleName())
                        .isPresent();
    }

    private StreamGraph graph(Task task, JobOptions options) {
        Configuration conf = PlayCountJob.configuration(options);
        if (pipelined) {
            conf.addAll(PlayCountJob.pipelinedExchanges());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        new PlayCountJob(options)
                .addTo(
                        env,
                        flinkPath(files.resultStaging(task.id())),
                        options.rejects() == null
                                ? null
                                : flinkPath(files.rejectsStaging(task.id())),
                        null);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName(task));
        if (jobJar != null) {
            graph.addJar(flinkPath(jobJar));
        }
        return graph;
    }

    /**
     * The job's name in the dashboard and in Flink's logs: the file's name stripped of what could
     * forge a log line or reverse the text around it.
     */
    static String jobName(Task task) {
        return "playcount " + LogSafeText.of(task.input().name()) + " (task " + task.id() + ")";
    }

    /** Whether the cluster has (or had) the job; listing, unlike a status query, logs no error. */
    boolean known(JobID id) {
        return ClusterCalls.await(client.listJobs()).stream()
                .anyMatch(job -> job.getJobId().equals(id));
    }

    /** The cluster's task slots now: what a remote cluster's jobs run with (see Parallelism). */
    private int slotsTotal() {
        return ClusterCalls.await(client.getClusterOverview()).getNumSlotsTotal();
    }

    private JobOptions options(Task task, int jobParallelism) {
        JobOptions options =
                JobOptions.of(files.input(task.id()), files.result(task.id()))
                        .withParallelism(jobParallelism);
        if (task.uploading()) {
            // its file still arrives: the job reads it as it grows, until its upload marker says
            // it is complete (a task read once the upload completed gets the parallel split plan)
            options = options.followingUpload(uploadStallTimeout);
        }
        return task.invalidRowPolicy() == InvalidRowPolicy.SKIP
                ? options.withInvalidRows(InvalidRowPolicy.SKIP, files.rejects(task.id()))
                : options;
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path path) {
        return org.apache.flink.core.fs.Path.fromLocalFile(path.toAbsolutePath().toFile());
    }
}

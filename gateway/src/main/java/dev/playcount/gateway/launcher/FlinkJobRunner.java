package dev.playcount.gateway.launcher;

import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.InvalidRows;
import dev.playcount.gateway.task.JobOutcome;
import dev.playcount.gateway.task.JobRunner;
import dev.playcount.gateway.task.JobState;
import dev.playcount.gateway.task.Phase;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskReceipt;
import dev.playcount.pipeline.Failures;
import dev.playcount.pipeline.InvalidRowPolicy;
import dev.playcount.pipeline.JobOptions;
import dev.playcount.pipeline.PlayCountJob;
import dev.playcount.pipeline.Sha256;
import dev.playcount.pipeline.progress.JobProgress;
import dev.playcount.pipeline.progress.JobProgressClient;
import dev.playcount.pipeline.receipt.Receipt;
import dev.playcount.pipeline.sink.CsvFileFormat;
import dev.playcount.pipeline.sink.SingleFilePublisher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.DuplicateJobSubmissionException;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.messages.FlinkJobNotFoundException;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks' jobs on a Flink cluster through its REST API ({@link RestClusterClient}): the
 * embedded MiniCluster or a remote session cluster alike. The job id is the task id's 128 bits, so
 * a second submission for one task is refused by the cluster and found instead.
 */
public final class FlinkJobRunner implements JobRunner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkJobRunner.class);
    private static final long TIMEOUT_S = 30;
    private static final Pattern LINE = Pattern.compile("^line (\\d+): ");

    private final RestClusterClient<String> client;
    private final JobProgressClient progress;
    private final FileStore files;
    private final Clock clock;
    private final Parallelism parallelism;
    private final String dashboardBase;
    private final Path jobJar;

    /**
     * @param restUrl the cluster's REST endpoint
     * @param dashboardBase the dashboard's address as users reach it
     * @param jobJar the pipeline job's jar to ship with each job, or null when the cluster has the
     *     job's classes already (the embedded MiniCluster runs in this JVM)
     */
    public FlinkJobRunner(
            URI restUrl,
            String dashboardBase,
            Path jobJar,
            Parallelism parallelism,
            FileStore files,
            Clock clock)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, restUrl.getHost());
        conf.set(RestOptions.PORT, restUrl.getPort());
        this.client = new RestClusterClient<>(conf, "playcount");
        this.progress = new JobProgressClient(restUrl);
        this.dashboardBase = dashboardBase.replaceAll("/+$", "");
        this.jobJar = jobJar;
        this.parallelism = parallelism;
        this.files = files;
        this.clock = clock;
    }

    static JobID jobId(String taskId) {
        UUID uuid = UUID.fromString(taskId);
        return new JobID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    @Override
    public String start(Task task) {
        JobID id = jobId(task.id());
        if (known(id)) {
            return id.toHexString();
        }
        files.deleteOutputs(task.id()); // leftovers of an attempt the cluster no longer knows
        int jobParallelism = parallelism.resolve(this::slotsTotal);
        LOG.info("task {}: parallelism {}", task.id(), jobParallelism);
        JobOptions options = options(task, jobParallelism);
        Configuration conf = PlayCountJob.configuration(options);
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
        graph.setJobName("playcount " + task.input().name() + " (task " + task.id() + ")");
        graph.setJobId(id);
        if (jobJar != null) {
            graph.addJar(flinkPath(jobJar));
        }
        try {
            // a StreamGraph travels with its functions serialized; the cluster fails without it
            graph.serializeUserDefinedInstances();
            client.submitJob(graph).get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            keepInterrupt(e);
            if (ExceptionUtils.findThrowable(e, DuplicateJobSubmissionException.class).isEmpty()) {
                throw new IllegalStateException(
                        "the Flink cluster refused the job: " + brief(e), e);
            }
            LOG.info("task {}: the cluster already has job {}", task.id(), id);
        }
        return id.toHexString();
    }

    /** Whether the cluster has (or had) the job; listing, unlike a status query, logs no error. */
    private boolean known(JobID id) {
        try {
            return client.listJobs().get(TIMEOUT_S, TimeUnit.SECONDS).stream()
                    .anyMatch(job -> job.getJobId().equals(id));
        } catch (Exception e) {
            keepInterrupt(e);
            throw new IllegalStateException("the Flink cluster did not answer: " + brief(e), e);
        }
    }

    /** The cluster's task slots now: what a remote cluster's jobs run with (see Parallelism). */
    private int slotsTotal() {
        try {
            return client.getClusterOverview().get(TIMEOUT_S, TimeUnit.SECONDS).getNumSlotsTotal();
        } catch (Exception e) {
            keepInterrupt(e);
            throw new IllegalStateException("the Flink cluster did not answer: " + brief(e), e);
        }
    }

    private JobOptions options(Task task, int jobParallelism) {
        JobOptions options =
                JobOptions.of(files.input(task.id()), files.result(task.id()))
                        .withParallelism(jobParallelism);
        return task.invalidRowPolicy() == InvalidRows.SKIP
                ? options.withInvalidRows(InvalidRowPolicy.SKIP, files.rejects(task.id()))
                : options;
    }

    @Override
    public JobState state(String jobId) {
        try {
            JobStatus status =
                    client.getJobStatus(JobID.fromHexString(jobId))
                            .get(TIMEOUT_S, TimeUnit.SECONDS);
            return switch (status) {
                case FINISHED -> JobState.FINISHED;
                case FAILED -> JobState.FAILED;
                case CANCELED -> JobState.CANCELED;
                default -> JobState.RUNNING;
            };
        } catch (Exception e) {
            keepInterrupt(e);
            if (notFound(e)) {
                return JobState.UNKNOWN;
            }
            throw new IllegalStateException("the Flink cluster did not answer: " + brief(e), e);
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

    /** One line for a person: a REST error's server-side exception, without its stack trace. */
    static String brief(Throwable e) {
        Optional<RestClientException> rest =
                ExceptionUtils.findThrowable(e, RestClientException.class);
        String message = rest.isPresent() ? rest.get().getMessage() : Failures.userMessage(e);
        String marker = "<Exception on server side:";
        int at = message == null ? -1 : message.indexOf(marker);
        if (at >= 0) {
            message = message.substring(at + marker.length()).strip();
        }
        message = message == null ? e.toString() : message.lines().findFirst().orElse(message);
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    @Override
    public Optional<Progress> progress(String jobId, long inputBytes) {
        try {
            return progress.poll(jobId, inputBytes).map(FlinkJobRunner::progress);
        } catch (Exception e) {
            keepInterrupt(e);
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

    @Override
    public JobOutcome finish(Task task, String jobId) {
        JobResult result;
        try {
            result =
                    client.requestJobResult(JobID.fromHexString(jobId))
                            .get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            keepInterrupt(e);
            throw new IllegalStateException(
                    "the Flink cluster did not give job " + jobId + "'s result", e);
        }
        ClassLoader loader = getClass().getClassLoader();
        if (!result.isSuccess()) {
            files.deleteOutputs(task.id());
            if (result.getJobStatus().orElse(JobStatus.FAILED) == JobStatus.CANCELED) {
                return JobOutcome.canceled();
            }
            String message =
                    result.getSerializedThrowable()
                            .map(t -> Failures.userMessage(t.deserializeError(loader)))
                            .orElse("the job failed");
            return JobOutcome.failed(error(message));
        }
        try {
            Map<String, Object> accumulators =
                    result.toJobExecutionResult(loader).getAllAccumulatorResults();
            Receipt receipt = Receipt.fromAccumulators(accumulators);
            if (!receipt.balances()) {
                files.deleteOutputs(task.id());
                return JobOutcome.failed(
                        new TaskError(
                                "receipt_mismatch",
                                "the run's counts do not balance, so its result was not published: "
                                        + receipt.render().replace(System.lineSeparator(), "; "),
                                null));
            }
            publish(task);
            Instant started = task.startedAt() == null ? clock.instant() : task.startedAt();
            Receipt done =
                    receipt.completed(
                            task.input().sha256(),
                            Sha256.of(files.result(task.id())),
                            Duration.between(started, clock.instant()));
            LOG.info("task {} receipt:{}{}", task.id(), System.lineSeparator(), done.render());
            return JobOutcome.finished(receipt(done));
        } catch (Exception e) {
            keepInterrupt(e);
            files.deleteOutputs(task.id());
            return JobOutcome.failed(
                    new TaskError(
                            "publish_failed", "the result could not be published: " + e, null));
        }
    }

    private void publish(Task task) throws java.io.IOException {
        SingleFilePublisher.withStaging(files.result(task.id()), files.resultStaging(task.id()))
                .publish(CsvFileFormat.RESULT_HEADER);
        if (task.invalidRowPolicy() == InvalidRows.SKIP) {
            SingleFilePublisher.withStaging(
                            files.rejects(task.id()), files.rejectsStaging(task.id()))
                    .publish(CsvFileFormat.REJECTS_HEADER);
        }
    }

    /** The job's own message; a bad row's message starts with its line number. */
    static TaskError error(String message) {
        Matcher m = LINE.matcher(message);
        if (m.find()) {
            return new TaskError("invalid_row", message, Long.parseLong(m.group(1)));
        }
        if (message.startsWith("invalid header")) {
            return new TaskError("invalid_header", message, 1L);
        }
        return new TaskError("job_failed", message, null);
    }

    private static TaskReceipt receipt(Receipt r) {
        return new TaskReceipt(
                r.rowsRead(),
                r.rowsAggregated(),
                r.invalidRows(),
                r.repeatedHeaders(),
                r.playsIn().toString(),
                r.playsOut().toString(),
                r.rowsWritten(),
                r.inputSha256(),
                r.resultSha256(),
                r.elapsed().toMillis() / 1000.0);
    }

    @Override
    public void cancel(String jobId) {
        try {
            client.cancel(JobID.fromHexString(jobId)).get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            keepInterrupt(e);
            LOG.info("cancel of job {}: {}", jobId, brief(e));
        }
    }

    @Override
    public String dashboardUrl(String jobId) {
        return dashboardBase + "/#/job/running/" + jobId + "/overview";
    }

    @Override
    public boolean ready() {
        try {
            client.getClusterOverview().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            keepInterrupt(e);
            return false;
        }
    }

    /** A stopping launcher interrupts its threads: keep the flag for the loop that checks it. */
    private static void keepInterrupt(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path path) {
        return org.apache.flink.core.fs.Path.fromLocalFile(path.toAbsolutePath().toFile());
    }

    @Override
    public void close() {
        client.close();
    }
}

package dev.playcount.gateway.launcher;

import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.JobOutcome;
import dev.playcount.gateway.task.JobRunner;
import dev.playcount.gateway.task.JobState;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.pipeline.progress.JobProgressClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * Runs tasks' jobs on a Flink cluster through its REST API ({@link RestClusterClient}): the
 * embedded MiniCluster or a remote session cluster alike. Wires one client into the parts that
 * submit ({@link JobSubmitter}), follow ({@link JobWatcher}), read the outcome ({@link
 * OutcomeReader}) and publish ({@link ResultPublisher}).
 */
public final class FlinkJobRunner implements JobRunner, AutoCloseable {

    private final RestClusterClient<String> client;
    private final JobSubmitter submitter;
    private final JobWatcher watcher;
    private final OutcomeReader outcomes;
    private final ResultPublisher publisher;
    private final String dashboardBase;

    /**
     * @param endpoint the cluster's REST endpoint, with its credential and truststore
     * @param dashboardBase the dashboard's address as users reach it
     * @param jobJar the pipeline job's jar to ship with each job, or null when the cluster has the
     *     job's classes already
     * @param pipelined whether to submit jobs as one pipelined region (the embedded cluster)
     */
    public FlinkJobRunner(
            FlinkEndpoint endpoint,
            String dashboardBase,
            Path jobJar,
            Parallelism parallelism,
            boolean pipelined,
            FileStore files,
            Clock clock)
            throws Exception {
        this(
                endpoint,
                dashboardBase,
                jobJar,
                parallelism,
                pipelined,
                files,
                clock,
                DEFAULT_UPLOAD_STALL_TIMEOUT);
    }

    /** {@code UPLOAD_STALL_TIMEOUT}'s default. */
    public static final Duration DEFAULT_UPLOAD_STALL_TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param uploadStallTimeout how long a job that reads an upload while it arrives waits for more
     *     bytes before it fails the task (its gateway died, say)
     */
    public FlinkJobRunner(
            FlinkEndpoint endpoint,
            String dashboardBase,
            Path jobJar,
            Parallelism parallelism,
            boolean pipelined,
            FileStore files,
            Clock clock,
            Duration uploadStallTimeout)
            throws Exception {
        Configuration conf = endpoint.clientConfiguration();
        // the launcher waits out an outage itself (OutageTolerance, FLINK_OUTAGE_TOLERANCE): the
        // client's own retries (20 x 2 s by default) would only hide it past the call's timeout
        conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 0);
        this.client = new RestClusterClient<>(conf, "playcount");
        this.submitter =
                new JobSubmitter(client, files, parallelism, jobJar, pipelined, uploadStallTimeout);
        this.watcher =
                new JobWatcher(client, new JobProgressClient(endpoint.base(), endpoint::prepare));
        this.outcomes = new OutcomeReader(client);
        this.publisher = new ResultPublisher(files, clock);
        this.dashboardBase = dashboardBase.replaceAll("/+$", "");
    }

    @Override
    public String start(Task task) {
        return submitter.start(task);
    }

    @Override
    public boolean knows(String jobId) {
        return submitter.known(JobID.fromHexString(jobId));
    }

    @Override
    public JobState state(String jobId) {
        return watcher.state(jobId);
    }

    @Override
    public Optional<Progress> progress(String jobId, long inputBytes) {
        return watcher.progress(jobId, inputBytes);
    }

    @Override
    public JobOutcome finish(Task task, String jobId) {
        OutcomeReader.Ended ended = outcomes.read(jobId);
        if (ended instanceof OutcomeReader.Succeeded succeeded) {
            return publisher.publish(task, succeeded.counts());
        }
        // what the job left goes once the launcher recorded the end under its lease
        if (ended instanceof OutcomeReader.Failed failed) {
            return JobOutcome.failed(failed.error());
        }
        return JobOutcome.canceled();
    }

    @Override
    public List<String> runningJobs() {
        return watcher.running();
    }

    @Override
    public boolean slotsHeld(String jobId) {
        return watcher.slotsHeld(jobId);
    }

    @Override
    public void cancel(String jobId) {
        watcher.cancel(jobId);
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
            ClusterCalls.keepInterrupt(e);
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

package dev.playcount.gateway;

import dev.playcount.gateway.FlinkTargetFactory.FlinkTarget;
import dev.playcount.gateway.launcher.FlinkJobRunner;
import dev.playcount.gateway.launcher.OutageTolerance;
import dev.playcount.gateway.launcher.StrayJobCanceller;
import dev.playcount.gateway.launcher.TaskLauncher;
import dev.playcount.gateway.messaging.RabbitJobConsumer;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.JobQueue;
import dev.playcount.gateway.task.StaleTaskSweep;
import dev.playcount.gateway.task.TaskRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher role: consumes job requests and runs each task's job on the Flink cluster the
 * settings pick, up to {@code MAX_CONCURRENT_JOBS} at once.
 */
final class LauncherRole {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherRole.class);

    private static final Duration CONSUMING_WAIT = Duration.ofSeconds(5);

    private final FlinkJobRunner runner;
    private final URI flinkRestUrl;
    private final RabbitJobConsumer consumer;

    private LauncherRole(FlinkJobRunner runner, URI flinkRestUrl, RabbitJobConsumer consumer) {
        this.runner = runner;
        this.flinkRestUrl = flinkRestUrl;
        this.consumer = consumer;
    }

    static LauncherRole start(
            FlinkConfig flink,
            AmqpConfig amqp,
            LeaseConfig lease,
            String amqpUri,
            JobQueue queue,
            TaskRepository tasks,
            FileStore files,
            Clock clock,
            Schedules schedules,
            Resources resources)
            throws Exception {
        FlinkTarget target = FlinkTargetFactory.start(flink, resources);
        FlinkJobRunner runner =
                resources.add(
                        new FlinkJobRunner(
                                target.endpoint(),
                                target.dashboard(),
                                target.jobJar(),
                                target.parallelism(),
                                target.pipelined(),
                                files,
                                clock,
                                lease.uploadStallTimeout()));
        String launcherId = UUID.randomUUID().toString();
        TaskLauncher launcher =
                new TaskLauncher(
                        tasks,
                        runner,
                        files,
                        clock,
                        flink.progressInterval(),
                        launcherId,
                        lease.leaseDuration(),
                        OutageTolerance.sleeping(flink.outageTolerance(), clock));
        resources.add(() -> LOG.info("launcher stopped"));
        schedules.every(lease.jobCheckInterval(), new StrayJobCanceller(tasks, runner, files));
        RabbitJobConsumer consumer =
                resources.add(
                        new RabbitJobConsumer(
                                amqpUri, amqp.queue(), flink.maxConcurrentJobs(), launcher::run));
        // closed before the consumer: says what the stop does while it does it
        resources.add(
                () ->
                        LOG.info(
                                "launcher stopping: no more job requests; {} task(s) in hand go"
                                        + " back to the queue for the next launcher (their Flink"
                                        + " jobs keep running)",
                                launcher.inHand()));
        consumer.start();
        // a started process shows ready when the broker is there; an absent broker is no error
        consumer.awaitConsuming(CONSUMING_WAIT);
        // Requests lost by the broker and tasks of a launcher that died are requested again by
        // this sweep, not at each launcher start (which made a second launcher attach to a job).
        schedules.every(
                lease.sweepInterval(),
                new StaleTaskSweep(tasks, queue, clock, lease.requestGrace()));
        LOG.info(
                "launcher {} started: up to {} job(s) at once, parallelism {}, leases of {}",
                launcherId,
                flink.maxConcurrentJobs(),
                target.parallelism().describe(),
                lease.leaseDuration());
        return new LauncherRole(runner, target.endpoint().restUrl(), consumer);
    }

    /** Whether the launcher consumes job requests now, for {@code /ready}. */
    boolean consuming() {
        return consumer.consuming();
    }

    /** Whether the Flink cluster answers, for {@code /ready}. */
    boolean ready() {
        return runner.ready();
    }

    URI flinkRestUrl() {
        return flinkRestUrl;
    }
}

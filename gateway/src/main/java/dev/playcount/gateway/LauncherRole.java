package dev.playcount.gateway;

import dev.playcount.gateway.FlinkTargetFactory.FlinkTarget;
import dev.playcount.gateway.launcher.FlinkJobRunner;
import dev.playcount.gateway.launcher.OutageTolerance;
import dev.playcount.gateway.launcher.StrayJobCanceller;
import dev.playcount.gateway.launcher.TaskLauncher;
import dev.playcount.gateway.messaging.RabbitJobConsumer;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.TaskRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher role: consumes job requests and runs each task's job on the Flink cluster the
 * settings pick, up to {@code MAX_CONCURRENT_JOBS} at once.
 */
final class LauncherRole {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherRole.class);

    /** How often Flink jobs of tasks that are over are looked for (and cancelled). */
    private static final Duration JOB_CHECK_EVERY = Duration.ofSeconds(15);

    private final FlinkJobRunner runner;
    private final URI flinkRestUrl;

    private LauncherRole(FlinkJobRunner runner, URI flinkRestUrl) {
        this.runner = runner;
        this.flinkRestUrl = flinkRestUrl;
    }

    static LauncherRole start(
            FlinkConfig flink,
            AmqpConfig amqp,
            String amqpUri,
            TaskRepository tasks,
            FileStore files,
            Clock clock,
            Resources resources)
            throws Exception {
        FlinkTarget target = FlinkTargetFactory.start(flink, resources);
        FlinkJobRunner runner =
                resources.add(
                        new FlinkJobRunner(
                                target.restUrl(),
                                target.dashboard(),
                                target.jobJar(),
                                target.parallelism(),
                                files,
                                clock));
        TaskLauncher launcher =
                new TaskLauncher(
                        tasks,
                        runner,
                        files,
                        clock,
                        flink.progressInterval(),
                        OutageTolerance.sleeping(flink.outageTolerance(), clock));
        resources.add(() -> LOG.info("launcher stopped"));
        resources.add(new Schedules()).every(JOB_CHECK_EVERY, new StrayJobCanceller(tasks, runner));
        // Requests may have been lost (a broker without persistence, a crash): send the requests
        // of unfinished tasks again; the launcher ignores what it already runs or finished.
        long resent = tasks.unmarkQueued();
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
        LOG.info(
                "launcher started: up to {} job(s) at once, parallelism {}, {} unfinished task(s)"
                        + " to request again",
                flink.maxConcurrentJobs(),
                target.parallelism().describe(),
                resent);
        return new LauncherRole(runner, target.restUrl());
    }

    /** Whether the Flink cluster answers, for {@code /ready}. */
    boolean ready() {
        return runner.ready();
    }

    URI flinkRestUrl() {
        return flinkRestUrl;
    }
}

package dev.playcount.pipeline;

import dev.playcount.pipeline.csv.CsvHeader;
import dev.playcount.pipeline.receipt.Receipt;
import dev.playcount.pipeline.sink.RejectsCsvFormat;
import dev.playcount.pipeline.sink.ResultCsvFormat;
import dev.playcount.pipeline.sink.SingleFilePublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import dev.playcount.pipeline.progress.ProgressPrinter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job once: checks the input, executes it, publishes the result (and rejects) only when
 * it succeeded and its receipt balances, and cleans up otherwise.
 */
public final class PipelineRunner {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final Configuration extraConfig;
    private final PrintWriter progressOut;

    /** @param extraConfig settings for the environment, e.g. the local cluster's memory */
    public PipelineRunner(Configuration extraConfig) {
        this(extraConfig, null);
    }

    /** @param progressOut where to print progress while the job runs, or null for none */
    public PipelineRunner(Configuration extraConfig, PrintWriter progressOut) {
        this.extraConfig = extraConfig;
        this.progressOut = progressOut;
    }

    /**
     * @param inputSha256 the input's SHA-256 if the caller already knows it, else null (it is then
     *     computed while the job runs)
     */
    public Receipt run(JobOptions options, String inputSha256) throws Exception {
        long started = System.nanoTime();
        checkFiles(options);
        CompletableFuture<String> inputHash =
                inputSha256 != null
                        ? CompletableFuture.completedFuture(inputSha256)
                        : CompletableFuture.supplyAsync(() -> Sha256.ofUnchecked(options.input()));
        SingleFilePublisher result = SingleFilePublisher.forTarget(options.output());
        SingleFilePublisher rejects =
                options.rejects() == null ? null : SingleFilePublisher.forTarget(options.rejects());
        try {
            Configuration conf = environmentConfig(options);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            new PlayCountJob(options)
                    .addTo(
                            env,
                            org.apache.flink.core.fs.Path.fromLocalFile(result.staging().toFile()),
                            rejects == null
                                    ? null
                                    : org.apache.flink.core.fs.Path.fromLocalFile(
                                            rejects.staging().toFile()));
            JobClient job = env.executeAsync("playcount " + options.input().getFileName());
            JobExecutionResult done;
            try (AutoCloseable progress = progressFor(env, conf, job, Files.size(options.input()))) {
                done = job.getJobExecutionResult().get();
            }
            Receipt receipt = Receipt.fromAccumulators(done.getAllAccumulatorResults());
            if (!receipt.balances()) {
                throw new PipelineException(
                        "the run's counts do not balance, so its result was not published: "
                                + receipt.render().replace(System.lineSeparator(), "; "));
            }
            result.publish(ResultCsvFormat.HEADER);
            if (rejects != null) {
                rejects.publish(RejectsCsvFormat.HEADER);
            }
            return receipt.withHashes(inputHash.join(), Sha256.of(result.target()))
                    .withElapsed(Duration.ofNanos(System.nanoTime() - started));
        } catch (Exception e) {
            result.discard();
            if (rejects != null) {
                rejects.discard();
            }
            inputHash.cancel(true);
            throw e;
        }
    }

    private AutoCloseable progressFor(
            StreamExecutionEnvironment env, Configuration conf, JobClient job, long totalBytes) {
        if (progressOut == null || !(env instanceof LocalStreamEnvironment)) {
            return () -> {};
        }
        URI rest = URI.create("http://127.0.0.1:" + conf.get(RestOptions.PORT));
        return new ProgressPrinter(rest, job.getJobID().toHexString(), totalBytes, progressOut, PROGRESS_EVERY);
    }

    private Configuration environmentConfig(JobOptions options) throws IOException {
        Configuration conf = PlayCountJob.configuration(options);
        if (progressOut != null) {
            // the local cluster's REST API serves the readers' progress metrics
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            conf.set(RestOptions.PORT, freePort());
            conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        }
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, options.parallelism());
        // Bad data fails every attempt alike; a local run has no TaskManager to lose.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.addAll(extraConfig);
        return conf;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Fails fast, before any job starts, on a missing input or a header without our columns. */
    static void checkFiles(JobOptions options) throws IOException {
        Path input = options.input();
        if (!Files.isRegularFile(input)) {
            throw new PipelineException("input file not found: " + input);
        }
        if (!Files.isReadable(input)) {
            throw new PipelineException("input file is not readable: " + input);
        }
        checkTarget(input, options.output(), "--output");
        if (options.rejects() != null) {
            checkTarget(input, options.rejects(), "--rejects");
            if (options.rejects().toAbsolutePath().equals(options.output().toAbsolutePath())) {
                throw new PipelineException("--rejects and --output name the same file");
            }
        }
        byte[] head = new byte[(int) Math.min(1 << 20, Files.size(input))];
        int n;
        try (InputStream in = Files.newInputStream(input)) {
            n = in.readNBytes(head, 0, head.length);
        }
        CsvHeader.read(head, n, n == Files.size(input));
    }

    private static void checkTarget(Path input, Path target, String option) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new PipelineException(option + " folder does not exist: " + folder);
        }
        if (Files.isDirectory(target)) {
            throw new PipelineException(option + " is a folder, expected a file name: " + target);
        }
        if (Files.exists(target) && Files.isSameFile(input, target)) {
            throw new PipelineException(option + " must not overwrite the input file");
        }
    }
}

package dev.playcount.pipeline;

import dev.playcount.pipeline.csv.CsvHeader;
import dev.playcount.pipeline.receipt.Receipt;
import dev.playcount.pipeline.sink.RejectsCsvFormat;
import dev.playcount.pipeline.sink.ResultCsvFormat;
import dev.playcount.pipeline.sink.SingleFilePublisher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job once: checks the input, executes it, publishes the result (and rejects) only when
 * it succeeded and its receipt balances, and cleans up otherwise.
 */
public final class PipelineRunner {

    private final Configuration extraConfig;

    /** @param extraConfig settings for the environment, e.g. the local cluster's memory */
    public PipelineRunner(Configuration extraConfig) {
        this.extraConfig = extraConfig;
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
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(environmentConfig(options));
            new PlayCountJob(options)
                    .addTo(
                            env,
                            org.apache.flink.core.fs.Path.fromLocalFile(result.staging().toFile()),
                            rejects == null
                                    ? null
                                    : org.apache.flink.core.fs.Path.fromLocalFile(
                                            rejects.staging().toFile()));
            JobExecutionResult done = env.execute("playcount " + options.input().getFileName());
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

    private Configuration environmentConfig(JobOptions options) {
        Configuration conf = PlayCountJob.configuration(options);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, options.parallelism());
        // Bad data fails every attempt alike; a local run has no TaskManager to lose.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.addAll(extraConfig);
        return conf;
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

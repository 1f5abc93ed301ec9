package dev.playcount.pipeline;

import dev.playcount.core.concurrent.NamedThreads;
import dev.playcount.core.csv.CsvHeader;
import dev.playcount.core.error.PipelineException;
import dev.playcount.core.io.Sha256;
import dev.playcount.core.publish.RunPublisher;
import dev.playcount.core.publish.SingleFilePublisher;
import dev.playcount.core.receipt.Receipt;
import dev.playcount.core.upload.UploadMarker;
import dev.playcount.pipeline.local.LocalClusterBuilder;
import dev.playcount.pipeline.progress.ProgressPrinter;
import dev.playcount.pipeline.source.RecordAlignedSplitter;
import dev.playcount.pipeline.source.SplitPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ResourceManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.rocksdb.RocksDB;

/**
 * Runs the job once: checks the input, executes it, publishes the result (and rejects) only when it
 * succeeded and its receipt balances, and cleans up otherwise.
 */
public final class PipelineRunner {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final Configuration extraConfig;
    private final PrintWriter progressOut;
    private volatile CompletableFuture<Void> clusterClosed =
            CompletableFuture.completedFuture(null);

    /**
     * @param extraConfig settings for the environment, e.g. the local cluster's memory
     */
    public PipelineRunner(Configuration extraConfig) {
        this(extraConfig, null);
    }

    /**
     * @param progressOut where to print progress while the job runs, or null for none
     */
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
        LocalClusterBuilder cluster = localCluster(options);
        Configuration conf = cluster.configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        boolean local = env instanceof LocalStreamEnvironment;
        CompletableFuture<SplitPlan> plan = null;
        CompletableFuture<String> inputHash;
        if (inputSha256 != null) {
            inputHash = CompletableFuture.completedFuture(inputSha256);
        } else if (options.followUpload() != null) {
            // the job checked the file it read against the upload's marker: the marker's hash
            inputHash = new CompletableFuture<>();
        } else {
            // on a thread of its own, beside the job: SHA-256 is one sequential pass
            inputHash = onThread("input-hash", () -> Sha256.ofUnchecked(options.input()));
        }
        if (local && options.followUpload() != null) {
            plan = CompletableFuture.completedFuture(null); // cut as the bytes land
        } else if (local) {
            // counted in parallel while the cluster starts, and not in the hash's pass: the job
            // waited for that pass to cross half the file (1 s after the cluster was up on 3.3 GB)
            plan = onThread("split-plan", () -> planSplits(options));
        }
        SingleFilePublisher result = SingleFilePublisher.forTarget(options.output());
        SingleFilePublisher rejects =
                options.rejects() == null ? null : SingleFilePublisher.forTarget(options.rejects());
        RunPublisher publisher = new RunPublisher(result, rejects);
        try {
            org.apache.flink.core.fs.Path resultStaging = flinkPath(result.staging());
            org.apache.flink.core.fs.Path rejectsStaging =
                    rejects == null ? null : flinkPath(rejects.staging());
            String name = "playcount " + options.input().getFileName();
            JobExecutionResult done;
            if (local) {
                done = runLocally(options, cluster, env, plan, resultStaging, rejectsStaging, name);
            } else {
                // under `flink run`: the cluster's own environment
                new PlayCountJob(options).addTo(env, resultStaging, rejectsStaging, null);
                done = env.execute(name);
            }
            if (options.followUpload() != null && inputSha256 == null) {
                inputHash.complete(completedUpload(options.input()).sha256());
            }
            Receipt receipt =
                    publisher.publish(
                            Receipt.fromAccumulators(done.getAllAccumulatorResults()),
                            inputHash::join,
                            () -> Duration.ofNanos(System.nanoTime() - started));
            publisher.discard(); // the staged manifests: a CLI run is never published again
            return receipt;
        } catch (Exception e) {
            publisher.discard();
            inputHash.cancel(true);
            throw e;
        }
    }

    /** The marker of an upload the job read while it grew (it checked the marker's hash). */
    private static UploadMarker completedUpload(Path input) throws IOException {
        byte[] data = Files.readAllBytes(Path.of(UploadMarker.pathOf(input.toString())));
        UploadMarker marker = UploadMarker.parse(data, data.length);
        if (!marker.complete()) {
            throw new PipelineException("the upload of " + input + " broke: " + marker.reason());
        }
        return marker;
    }

    /**
     * Waits, at most {@code limit}, for the local cluster of the last run to stop. A CLI calls it
     * before it exits: Java 17's {@code System.exit} waits up to 300 ms for threads still in a
     * native call, such as the cluster's socket listeners, while a stopped cluster has none
     * (bench/README.md, "Fixed cost"). A failure to stop is not the run's failure.
     */
    public void awaitClusterShutdown(Duration limit) {
        try {
            clusterClosed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // exiting stops what is left
        }
    }

    /** {@code work} on a daemon thread of its own, not the common pool (one thread on 2 cores). */
    private static <T> CompletableFuture<T> onThread(
            String name, java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(
                work, task -> NamedThreads.daemon(name).newThread(task).start());
    }

    private static SplitPlan planSplits(JobOptions options) {
        try {
            return RecordAlignedSplitter.plan(
                    flinkPath(options.input()), options.splitBytes(), options.parallelism());
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Runs the job on a MiniCluster in this JVM, started while the input is scanned for split
     * boundaries, and closed in the background while the result is published.
     */
    private JobExecutionResult runLocally(
            JobOptions options,
            LocalClusterBuilder builder,
            StreamExecutionEnvironment env,
            CompletableFuture<SplitPlan> plan,
            org.apache.flink.core.fs.Path resultStaging,
            org.apache.flink.core.fs.Path rejectsStaging,
            String name)
            throws Exception {
        CompletableFuture<MiniCluster> cluster =
                CompletableFuture.supplyAsync(() -> startCluster(builder));
        if (options.aggregation() == Aggregation.ROCKSDB) {
            preloadRocksDb();
        }
        try {
            new PlayCountJob(options).addTo(env, resultStaging, rejectsStaging, plan.join());
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName(name);
            JobID id = new JobID();
            graph.setJobId(id);
            MiniCluster miniCluster = cluster.join();
            miniCluster.submitJob(graph).get();
            URI rest = miniCluster.getRestAddress().get();
            try (AutoCloseable progress = progressFor(rest, id, Files.size(options.input()))) {
                return miniCluster
                        .requestJobResult(id)
                        .get()
                        .toJobExecutionResult(Thread.currentThread().getContextClassLoader());
            }
        } finally {
            // closes while the result is published; see awaitClusterShutdown
            clusterClosed = cluster.thenCompose(MiniCluster::closeAsync);
        }
    }

    /**
     * Unpacks and links RocksDB's 14 MB native library while the cluster starts; otherwise the
     * first summing task does it after the readers are done. Flink's own loading then finds it
     * loaded, and reports any failure itself.
     */
    private static void preloadRocksDb() {
        NamedThreads.daemon("rocksdb-preload")
                .newThread(
                        () -> {
                            try {
                                RocksDB.loadLibrary();
                            } catch (RuntimeException | LinkageError e) {
                                // the summing task loads it again and fails with the reason
                            }
                        })
                .start();
    }

    private static MiniCluster startCluster(LocalClusterBuilder builder) {
        try {
            return builder.start();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path path) {
        return org.apache.flink.core.fs.Path.fromLocalFile(path.toFile());
    }

    private AutoCloseable progressFor(URI rest, JobID job, long totalBytes) {
        if (progressOut == null) {
            return () -> {};
        }
        return new ProgressPrinter(
                rest, job.toHexString(), totalBytes, progressOut, PROGRESS_EVERY);
    }

    /** The local cluster for this run: its slots are the job's parallelism. */
    private LocalClusterBuilder localCluster(JobOptions options) {
        Configuration oneJob = new Configuration();
        // The slot manager batches slot requests for 50 ms by default, which only delays the
        // first tasks of a cluster that has one TaskManager and one job.
        oneJob.set(ResourceManagerOptions.REQUIREMENTS_CHECK_DELAY, Duration.ZERO);
        return LocalClusterBuilder.loopback()
                .with(PlayCountJob.configuration(options))
                .with(PlayCountJob.pipelinedExchanges())
                .slots(options.parallelism())
                .with(oneJob)
                .with(extraConfig);
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

package dev.playcount.pipeline;

import dev.playcount.pipeline.receipt.Receipt;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar pipeline-job.jar --input IN.csv --output OUT.csv}: runs the job on a local
 * MiniCluster (or, under {@code flink run}, on that cluster) and prints the receipt.
 */
@Command(
        name = "pipeline-job",
        mixinStandardHelpOptions = true,
        version = "playcount pipeline-job 0.1.0",
        sortOptions = false,
        description = "Totals plays per song and date from a CSV file of any size.")
public final class PipelineCli implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "IN.csv",
            description = "CSV with the columns Song, Date, Number of Plays.")
    Path input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "OUT.csv",
            description = "Result CSV, published only when the run succeeds.")
    Path output;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallel readers and summers (default: the number of cores).")
    Integer parallelism;

    @Option(
            names = "--invalid-rows",
            paramLabel = "fail|skip",
            defaultValue = "fail",
            description =
                    "fail (default): stop at the first invalid row; skip: leave invalid rows out"
                            + " and count them.")
    String invalidRows;

    @Option(
            names = "--rejects",
            paramLabel = "REJECTS.csv",
            description =
                    "With --invalid-rows skip: write the invalid rows here (Line,Reason,Row).")
    Path rejects;

    @Option(
            names = "--aggregation",
            paramLabel = "rocksdb|sort",
            defaultValue = "rocksdb",
            description =
                    "Where sums live: rocksdb (default, keyed state spilling to disk) or sort"
                            + " (Flink's sort-based batch runtime).")
    String aggregation;

    @Option(
            names = "--managed-memory",
            paramLabel = "SIZE",
            defaultValue = "256m",
            description =
                    "Flink managed memory of the local cluster, shared by its slots (default 256m):"
                        + " the summing stage's hash table and RocksDB cache. Sums beyond it spill"
                        + " to disk.")
    String managedMemory;

    @Option(
            names = "--split-size",
            paramLabel = "BYTES",
            defaultValue = "0",
            description = "Bytes per input split (default: one split per parallel reader).")
    long splitBytes;

    @Option(
            names = "--input-sha256",
            paramLabel = "HEX",
            description = "The input's SHA-256 when already known, to skip hashing it again.")
    String inputSha256;

    private static final Duration CLUSTER_SHUTDOWN_WAIT = Duration.ofSeconds(3);

    private final PrintWriter out;

    PipelineCli(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        JobOptions options;
        Configuration cluster = new Configuration();
        try {
            options =
                    JobOptions.of(input, output)
                            .withParallelism(
                                    parallelism != null
                                            ? parallelism
                                            : Runtime.getRuntime().availableProcessors())
                            .withInvalidRows(InvalidRowPolicy.parse(invalidRows), rejects)
                            .withAggregation(Aggregation.parse(aggregation))
                            .withSplitBytes(splitBytes);
            cluster.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, managedMemorySize());
            if (inputSha256 != null && !inputSha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("--input-sha256 must be 64 hex digits");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        out.printf(
                "reading %s with parallelism %d, %s aggregation, invalid rows: %s%n",
                input, options.parallelism(), options.aggregation(), options.invalidRows());
        out.flush();
        PipelineRunner runner = new PipelineRunner(cluster, out);
        try {
            Receipt receipt = runner.run(options, inputSha256);
            out.println(receipt.render());
            out.println("wrote " + output.toAbsolutePath());
            if (rejects != null) {
                out.println("rejects " + rejects.toAbsolutePath());
            }
            out.flush();
            return 0;
        } finally {
            // after the receipt is out: the exit that follows is then immediate
            runner.awaitClusterShutdown(CLUSTER_SHUTDOWN_WAIT);
        }
    }

    private MemorySize managedMemorySize() {
        MemorySize size;
        try {
            size = MemorySize.parse(managedMemory);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--managed-memory '" + managedMemory + "': expected a size such as 256m or 1g");
        }
        if (size.compareTo(MemorySize.ofMebiBytes(16)) < 0) {
            throw new IllegalArgumentException(
                    "--managed-memory must be at least 16m, got " + managedMemory);
        }
        return size;
    }

    /** Runs the CLI and returns its exit code; errors are one line on {@code err}. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new PipelineCli(out));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(
                (e, a) -> {
                    err.println("error: " + e.getMessage() + " (see --help)");
                    err.flush();
                    return EXIT_USAGE;
                });
        cli.setExecutionExceptionHandler(
                (e, c, parsed) -> {
                    err.println("error: " + Failures.userMessage(e));
                    err.flush();
                    return EXIT_FAILED;
                });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        CliLauncher.exitWithParent(EXIT_FAILED);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(out, err, args));
    }
}

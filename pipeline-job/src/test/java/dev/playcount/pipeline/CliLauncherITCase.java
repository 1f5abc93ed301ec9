package dev.playcount.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.pipeline.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI jar as users start it, {@code java -jar target/pipeline-job.jar} (built in {@code
 * package}, with the class-data-sharing archive and Flink's RPC jar beside it): the run maps the
 * archive, loads the RPC system from that jar, exits soon after publishing, and a killed launcher
 * leaves no JVM behind.
 */
class CliLauncherITCase {

    private static final Path JAR = Path.of("target/pipeline-job.jar");
    private static final Duration EXIT_AFTER_PUBLISHING = Duration.ofSeconds(5);
    private static final Duration CHILD_GONE_AFTER_KILL = Duration.ofSeconds(15);

    /** Flink's own loader copies the RPC jar to {@code flink-rpc-akka<uuid>.jar} at every start. */
    private static final Pattern TEMPORARY_RPC_COPY =
            Pattern.compile("flink-rpc-akka[0-9a-f]{8}-[0-9a-f-]{27}\\.jar");

    @TempDir Path dir;

    @Test
    void buildWroteTheArchiveBesideTheJar() {
        assertThat(CliLauncher.archiveOf(JAR)).isRegularFile();
    }

    @Test
    void runMapsTheArchiveAndExitsSoonAfterPublishing() throws Exception {
        Path output = dir.resolve("out.csv");
        Process cli =
                start(
                        "-Xlog:class+load:file=" + dir.resolve("classes-%p.log"),
                        "-jar",
                        JAR.toString(),
                        "--input",
                        SharedData.seedSample().toString(),
                        "--output",
                        output.toString());
        List<String> stdout = new ArrayList<>();
        long wroteAt = 0;
        try (BufferedReader lines = reader(cli)) {
            for (String line; (line = lines.readLine()) != null; ) {
                stdout.add(line);
                if (line.startsWith("wrote ")) {
                    wroteAt = System.nanoTime();
                }
            }
        }
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        long exitedAt = System.nanoTime();

        assertThat(cli.exitValue()).as(String.join("\n", stdout)).isZero();
        assertThat(stdout).anyMatch(l -> l.startsWith("rows read        100,000 = 100,000"));
        assertThat(output).isRegularFile();
        assertThat(dir.resolve("stderr.txt")).isEmptyFile();
        assertThat(Duration.ofNanos(exitedAt - wroteAt)).isLessThan(EXIT_AFTER_PUBLISHING);
        assertThat(classLoadLogs())
                .as("the relaunched JVM loaded Flink from the archive")
                .anyMatch(
                        log ->
                                log.contains(
                                        "org.apache.flink.runtime.minicluster.MiniCluster source:"
                                                + " shared objects file (top)"));
        assertThat(classLoadLogs())
                .as("the RPC system came from the jar the build extracted, not a new copy")
                .anyMatch(log -> log.contains("org.apache.flink.runtime.rpc.pekko.PekkoRpcSystem "))
                .noneMatch(log -> TEMPORARY_RPC_COPY.matcher(log).find());
    }

    @Test
    void rpcSystemLoadsFromTheExtractedJarOrDeclines() throws Exception {
        ExtractedRpcSystemLoader loader = new ExtractedRpcSystemLoader();
        assertThatThrownBy(() -> loader.load(null)).isInstanceOf(RpcLoaderException.class);
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.jar").toString()))
                .isInstanceOf(RpcLoaderException.class)
                .hasMessageContaining("missing.jar");

        Path extracted = CliLauncher.rpcJarOf(CliLauncher.archiveOf(JAR));
        RpcSystem rpc = loader.load(extracted.toString());
        try {
            assertThat(rpc.getMaximumMessageSizeInBytes(new Configuration())).isPositive();
        } finally {
            rpc.close();
        }
        assertThat(extracted).as("left in place for the next run").isRegularFile();
    }

    @Test
    void killingTheLauncherEndsTheRun() throws Exception {
        Process cli =
                start(
                        "-jar",
                        JAR.toString(),
                        "--input",
                        SharedData.seedSample().toString(),
                        "--output",
                        dir.resolve("out.csv").toString());
        try (BufferedReader lines = reader(cli)) {
            assertThat(lines.readLine()).startsWith("reading ");
            List<ProcessHandle> children = cli.descendants().toList();
            assertThat(children).as("the relaunched JVM").isNotEmpty();
            String environment =
                    Files.readString(Path.of("/proc", children.get(0).pid() + "", "environ"));
            assertThat(environment.split("\0"))
                    .as("huge pages for managed memory")
                    .contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1")
                    .as("RocksDB told the C library, so it spawns no ldd")
                    .contains("ROCKSDB_MUSL_LIBC=false");

            cli.destroyForcibly();

            for (ProcessHandle child : children) {
                child.onExit().get(CHILD_GONE_AFTER_KILL.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private Process start(String... javaArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaArgs));
        return new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private List<String> classLoadLogs() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> logs = new ArrayList<>();
            for (Path f :
                    files.filter(f -> f.getFileName().toString().startsWith("classes-")).toList()) {
                logs.add(Files.readString(f));
            }
            return logs;
        }
    }
}

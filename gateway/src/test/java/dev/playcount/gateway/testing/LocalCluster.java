package dev.playcount.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster of separate JVMs, started by {@code bin/local-cluster} from
 * the built jars, with its pids and logs in a test's folder and free ports.
 */
public final class LocalCluster implements AutoCloseable {

    public static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path SCRIPT = REPO.resolve("bin/local-cluster");

    private final Path state;
    private final Map<String, String> env;
    private URI restUrl;

    private LocalCluster(Path state) throws IOException {
        this.state = state;
        this.env =
                Map.of(
                        "LOCAL_CLUSTER_DIR", state.toString(),
                        "LOCAL_CLUSTER_PORT", String.valueOf(freePort()),
                        "LOCAL_CLUSTER_RPC_PORT", String.valueOf(freePort()),
                        // the REST API caches a job's details this long (3 s by default): a test
                        // that waits for a vertex to run must see it while the job still runs
                        "LOCAL_CLUSTER_PROPS", "-Dweb.refresh-interval=200ms");
    }

    /** Starts a JobManager and {@code taskManagers} TaskManagers; waits until all registered. */
    public static LocalCluster start(Path state, int taskManagers) throws Exception {
        LocalCluster cluster = new LocalCluster(state);
        String out = cluster.script("start", String.valueOf(taskManagers));
        Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(out);
        assertThat(url.find()).as(out).isTrue();
        cluster.restUrl = URI.create(url.group(1));
        return cluster;
    }

    public URI restUrl() {
        return restUrl;
    }

    /** The folder of the cluster's pid files and logs. */
    public Path state() {
        return state;
    }

    /** Starts one more TaskManager; returns its pid. */
    public String addTaskManager() throws Exception {
        return script("add-taskmanager").strip();
    }

    /**
     * Kills the JobManager (SIGKILL) and starts a new one on the same ports; returns once the
     * TaskManagers that still run registered with it. Without HA the new one knows no job.
     */
    public void restartJobManager() throws Exception {
        script("restart-jobmanager");
    }

    /** The pipeline job's jar a remote cluster needs with each job. */
    public static Path pipelineJar() {
        return REPO.resolve("pipeline-job/target/pipeline-job-cluster.jar");
    }

    @Override
    public void close() throws Exception {
        script("stop");
    }

    /** Runs bin/local-cluster with the cluster's state folder and ports; returns its stdout. */
    private String script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        builder.environment().putAll(env);
        Files.createDirectories(state);
        Path err = Files.createTempFile(state.getParent(), "script", ".err");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/local-cluster " + String.join(" ", args) + " hung");
        }
        assertThat(process.exitValue())
                .as(
                        "bin/local-cluster %s: %s%s",
                        String.join(" ", args), out, Files.readString(err))
                .isZero();
        return out;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

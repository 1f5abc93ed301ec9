package dev.playcount.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A Flink standalone cluster of {@code bin/local-cluster}, in a state folder of its own. */
final class FlinkCluster implements AutoCloseable {

    private static final Pattern PID = Pattern.compile("taskmanager-\\d+\\.pid");

    private final Path repo;
    private final Path state;
    private final Path log;
    private final int restPort;
    private final int rpcPort;
    private boolean started;

    FlinkCluster(Path repo, Path state, int restPort, int rpcPort) {
        this.repo = repo;
        this.state = state;
        this.log = state.resolveSibling("local-cluster.out");
        this.restPort = restPort;
        this.rpcPort = rpcPort;
    }

    URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    void start(int taskManagers) throws IOException, InterruptedException {
        started = true;
        run("start", Integer.toString(taskManagers));
    }

    /** The pid files of the TaskManagers that run now. */
    List<Path> taskManagers() throws IOException {
        List<Path> running = new ArrayList<>();
        try (Stream<Path> files = Files.list(state)) {
            for (Path f :
                    files.filter(f -> PID.matcher(f.getFileName().toString()).matches()).toList()) {
                if (process(f).map(ProcessHandle::isAlive).orElse(false)) {
                    running.add(f);
                }
            }
        }
        return running;
    }

    /**
     * kill -9 of one TaskManager. Its pid file goes too: {@code restart-jobmanager} takes the pid
     * file of a dead TaskManager for one that failed to start.
     */
    void killTaskManager(Path pidFile) throws IOException, InterruptedException {
        Optional<ProcessHandle> tm = process(pidFile);
        if (tm.isPresent()) {
            tm.get().destroyForcibly();
            try {
                tm.get().onExit().get();
            } catch (ExecutionException e) {
                throw new IOException("waiting for the TaskManager to die", e);
            }
        }
        Files.delete(pidFile);
    }

    private static Optional<ProcessHandle> process(Path pidFile) throws IOException {
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
    }

    /** Starts one more TaskManager and returns once it registered. */
    void addTaskManager() throws IOException, InterruptedException {
        run("add-taskmanager");
    }

    /** kill -9 of the JobManager and a new one on the same ports (without HA: no jobs kept). */
    String restartJobManager() throws IOException, InterruptedException {
        return run("restart-jobmanager");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (started) {
            started = false;
            run("stop");
        }
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(repo.resolve("bin/local-cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(repo.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment()
                .putAll(
                        Map.of(
                                "LOCAL_CLUSTER_DIR", state.toString(),
                                "LOCAL_CLUSTER_PORT", Integer.toString(restPort),
                                "LOCAL_CLUSTER_RPC_PORT", Integer.toString(rpcPort)));
        long before = Files.exists(log) ? Files.size(log) : 0;
        int code = builder.start().waitFor();
        String out = Files.readString(log).substring((int) before).strip();
        if (code != 0) {
            throw new IOException(
                    "bin/local-cluster " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}

package dev.playcount.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the matrix started, its output in a log file. Its pid is also written to a file in the
 * pid folder, so the {@code bench/faults} script can kill what is left if this JVM dies first.
 */
final class Child {

    private final String name;
    private final Process process;
    private final Path log;
    private final Path pidFile;

    private Child(String name, Process process, Path log, Path pidFile) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
    }

    static Child start(
            String name, List<String> command, Map<String, String> env, Path dir, Path pidDir)
            throws IOException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        Path pidFile = pidDir.resolve(name + ".pid");
        Files.writeString(pidFile, Long.toString(process.pid()));
        return new Child(name, process, log, pidFile);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or the OOM killer would; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        forget();
    }

    /**
     * SIGTERM, as {@code docker stop} sends it; SIGKILL after {@code grace}.
     *
     * @return the exit code, or -1 when it had to be killed
     */
    int stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            forget();
            return process.exitValue();
        }
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            forget();
            return process.exitValue();
        }
        kill();
        return -1;
    }

    private void forget() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // the script's trap only kills pids that still run this command line
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}

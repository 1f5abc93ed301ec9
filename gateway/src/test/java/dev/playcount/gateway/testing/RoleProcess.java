package dev.playcount.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the built {@code gateway/target/gateway.jar} running the given {@code ROLES}, as
 * docker-compose runs each service: its own environment, its output in a log file of the test's
 * folder. A test stops it cleanly (SIGTERM) or kills it (SIGKILL: no shutdown hook runs).
 */
public final class RoleProcess implements AutoCloseable {

    public static final Path JAR = LocalCluster.REPO.resolve("gateway/target/gateway.jar");

    private final String name;
    private final Process process;
    private final Path log;

    private RoleProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar with ROLES={@code roles}; {@code name} names its log ({@code dir/NAME.log}).
     */
    public static RoleProcess start(String roles, String name, Map<String, String> env, Path dir)
            throws IOException {
        return start(roles, name, env, dir, "-Xmx256m");
    }

    /** As {@link #start(String, String, Map, Path)}, with a heap of {@code xmx} (-Xmx128m). */
    public static RoleProcess start(
            String roles, String name, Map<String, String> env, Path dir, String xmx)
            throws IOException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(javaBin(), xmx, "-jar", JAR.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("ROLES", roles);
        return new RoleProcess(name, builder.start(), log);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the process wrote so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a crash or an OOM killer would: returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
    }

    /**
     * SIGTERM, as docker stop sends it; returns the exit code.
     *
     * @throws AssertionError when it has not stopped within {@code patience}
     */
    public int stop(Duration patience) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not stop within " + patience + ": " + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}

package dev.playcount.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** One in-process run of the client: its exit code, stdout, stderr and the waits it asked for. */
record CliRun(int exit, String out, String err, List<Duration> sleeps) {

    /** A run whose waits are only recorded: retry logic without the time it takes. */
    static CliRun run(Map<String, String> env, String... args) {
        return run(false, env, args);
    }

    /** A run that waits for real (against a real service, whose locks and jobs take time). */
    static CliRun runWaiting(Map<String, String> env, String... args) {
        return run(true, env, args);
    }

    private static CliRun run(boolean wait, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        int exit =
                PlaycountCli.run(
                        args,
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false,
                        d -> {
                            sleeps.add(d);
                            if (wait) {
                                Thread.sleep(d.toMillis());
                            }
                        });
        return new CliRun(
                exit,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                sleeps);
    }

    /** The last line of stderr: the one-line error of a failed run. */
    String lastErr() {
        List<String> lines = err.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}

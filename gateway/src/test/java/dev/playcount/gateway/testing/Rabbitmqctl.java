package dev.playcount.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The local RabbitMQ node's own CLI, for faults only the broker can cause: closing one consumer's
 * connection, and a short consumer timeout. Every call takes a second or two (it starts an Erlang
 * VM), so tests make few.
 */
public final class Rabbitmqctl {

    private Rabbitmqctl() {}

    /** Aborts the test (skipped, not failed) when {@code rabbitmqctl} cannot reach the node. */
    public static void assumeAvailable() {
        String answer;
        try {
            answer = run("eval", "ok.");
        } catch (IOException e) {
            answer = e.getMessage();
        }
        Assumptions.assumeTrue(
                "ok".equals(answer), "rabbitmqctl cannot reach the local node: " + answer);
    }

    /** Closes the connection whose channel consumes from {@code queue}, as an operator would. */
    public static void closeConnectionConsuming(String queue) throws IOException {
        String channel = null;
        for (String[] row : rows("list_consumers", "queue_name", "channel_pid")) {
            if (row[0].equals(queue)) {
                channel = row[1];
            }
        }
        if (channel == null) {
            throw new IllegalStateException("nobody consumes from " + queue);
        }
        for (String[] row : rows("list_channels", "pid", "connection")) {
            if (row[0].equals(channel)) {
                run("close_connection", row[1], "closed by a test");
                return;
            }
        }
        throw new IllegalStateException("channel " + channel + " is gone");
    }

    /**
     * Makes channels opened from now on close a delivery left unacknowledged longer than {@code
     * timeout}, and checked every second rather than every minute. RabbitMQ 3.10 reads {@code
     * consumer_timeout} once, when a channel opens, so {@link ConsumerTimeout#channelOpened} puts
     * the old value back as soon as the test's channel is open: other clients of the same node are
     * touched only by the tick, which just checks their (long) timeouts more often.
     */
    public static ConsumerTimeout consumerTimeout(Duration timeout) throws IOException {
        String before =
                run(
                        "eval",
                        "{application:get_env(rabbit, consumer_timeout),"
                                + " application:get_env(rabbit, channel_tick_interval)}.");
        // {{ok,1800000},{ok,60000}} or {undefined,...}
        String[] parts = before.replaceAll("[{}\\s]", "").split(",");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("ok")) {
                values.add(parts[++i]);
            } else {
                values.add(null);
            }
        }
        ConsumerTimeout t = new ConsumerTimeout(values.get(0), values.get(1));
        run(
                "eval",
                "application:set_env(rabbit, consumer_timeout, "
                        + timeout.toMillis()
                        + "), application:set_env(rabbit, channel_tick_interval, 1000).");
        return t;
    }

    /** A consumer timeout set for the test; closing it restores what the node had. */
    public static final class ConsumerTimeout implements AutoCloseable {
        private final String timeout;
        private final String tick;
        private boolean timeoutRestored;

        private ConsumerTimeout(String timeout, String tick) {
            this.timeout = timeout;
            this.tick = tick;
        }

        /** The test's channel is open with the short timeout: later channels get the old one. */
        public void channelOpened() throws IOException {
            if (!timeoutRestored) {
                run("eval", restore("consumer_timeout", timeout) + ".");
                timeoutRestored = true;
            }
        }

        @Override
        public void close() throws IOException {
            String tickBack = restore("channel_tick_interval", tick);
            run(
                    "eval",
                    timeoutRestored
                            ? tickBack + "."
                            : restore("consumer_timeout", timeout) + ", " + tickBack + ".");
            timeoutRestored = true;
        }

        private static String restore(String key, String value) {
            return value == null
                    ? "application:unset_env(rabbit, " + key + ")"
                    : "application:set_env(rabbit, " + key + ", " + value + ")";
        }
    }

    /** The rows of a {@code list_*} command, one array of the asked columns each. */
    private static List<String[]> rows(String list, String... columns) throws IOException {
        List<String> args = new ArrayList<>(List.of(list, "--no-table-headers"));
        args.addAll(List.of(columns));
        List<String[]> rows = new ArrayList<>();
        for (String line : run(args.toArray(String[]::new)).split("\n")) {
            String[] row = line.split("\t");
            if (row.length == columns.length) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The command's output; an exit code other than 0 is an exception with what it said. */
    private static String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output =
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
        return output;
    }
}

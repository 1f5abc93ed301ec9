package dev.playcount.bench.faults;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The matrix's knobs, from the environment; a bad value fails fast naming its variable. */
record MatrixSettings(
        Path repo,
        Path work,
        Path out,
        long seed,
        int rounds,
        int tasks,
        int inputs,
        Duration taskTimeout,
        String amqpUri,
        String queue) {

    static MatrixSettings fromEnv(Map<String, String> env, Path repo, Path work) {
        long seed =
                env.containsKey("SEED") && !env.get("SEED").isBlank()
                        ? parse(env, "SEED")
                        : System.nanoTime() % 1_000_000;
        return new MatrixSettings(
                repo,
                work,
                Path.of(env.getOrDefault("BENCH_OUT", repo.resolve("bench/out").toString())),
                seed,
                (int) positive(env, "ROUNDS", 3),
                (int) positive(env, "TASKS", 3),
                (int) positive(env, "INPUTS", 5),
                Duration.ofSeconds(positive(env, "TASK_TIMEOUT_S", 300)),
                env.getOrDefault("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672"),
                "playcount.bench.faults." + seed + "." + ProcessHandle.current().pid());
    }

    int amqpPort() {
        int port = URI.create(amqpUri).getPort();
        return port == -1 ? 5672 : port;
    }

    String describe() {
        return String.format(
                "ROUNDS=%d TASKS=%d INPUTS=%d TASK_TIMEOUT_S=%d",
                rounds, tasks, inputs, taskTimeout.toSeconds());
    }

    private static long positive(Map<String, String> env, String name, long fallback) {
        if (!env.containsKey(name) || env.get(name).isBlank()) {
            return fallback;
        }
        long v = parse(env, name);
        if (v < 1) {
            throw new IllegalArgumentException(
                    name + "=" + env.get(name) + ": want a positive number");
        }
        return v;
    }

    private static long parse(Map<String, String> env, String name) {
        try {
            return Long.parseLong(env.get(name).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + "=" + env.get(name) + ": want a whole number");
        }
    }
}

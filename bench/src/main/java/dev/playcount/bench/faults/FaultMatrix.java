package dev.playcount.bench.faults;

import dev.playcount.bench.faults.InputPool.Input;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fault matrix of {@code bench/faults}: services mode as separate processes, each fault
 * injected {@code ROUNDS} times at random moments while tasks upload and run, every task waited for
 * and its result compared with an independent oracle. Prints a row per fault; exits 1 when a task
 * was lost or a result wrong. Arguments: the repository and a work folder, both made by the script,
 * which also cleans up after this JVM if it dies.
 */
public final class FaultMatrix {

    private FaultMatrix() {}

    public static void main(String[] args) throws Exception {
        MatrixSettings settings =
                MatrixSettings.fromEnv(System.getenv(), Path.of(args[0]), Path.of(args[1]));
        Instant began = Instant.now();
        System.out.println("== bench/faults: SEED=" + settings.seed() + " " + settings.describe());
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<Input> inputs =
                InputPool.generate(settings.work().resolve("inputs"), settings.inputs(), random);
        inputs.forEach(i -> System.out.println("   input " + i.describe()));

        // the script deletes the queues even if this JVM dies without its shutdown hook
        Files.writeString(settings.work().resolve("queue"), settings.queue());
        Stack stack =
                new Stack(
                        settings.repo(),
                        settings.work(),
                        settings.queue(),
                        settings.amqpUri(),
                        settings.amqpPort());
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close =
                () -> {
                    if (closed.compareAndSet(false, true)) {
                        try {
                            stack.close();
                        } catch (Exception e) {
                            System.err.println("stopping the stack: " + e);
                        }
                    }
                };
        Thread hook = new Thread(close, "faults-stop");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C
        Map<Fault, Tally> rows;
        try {
            System.out.println("== starting the stack in " + settings.work());
            stack.start();
            Cycle cycle = new Cycle(stack, settings.taskTimeout());
            rows = new Campaign(cycle, inputs, settings.tasks(), settings.rounds(), random).run();
        } finally {
            close.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down (Ctrl-C): the hook has run close itself
            }
        }
        String table = MatrixTable.render(rows);
        String header =
                String.format(
                        "=== %s bench/faults SEED=%d %s, %d cores, %.1f min%n",
                        began,
                        settings.seed(),
                        settings.describe(),
                        Runtime.getRuntime().availableProcessors(),
                        Duration.between(began, Instant.now()).toSeconds() / 60.0);
        System.out.print(header + table);
        Path out = settings.out().resolve("faults.txt");
        Files.createDirectories(settings.out());
        Files.writeString(
                out, header + table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        boolean bad =
                rows.values().stream()
                        .anyMatch(t -> t.count(Verdict.LOST) + t.count(Verdict.WRONG) > 0);
        System.exit(bad ? 1 : 0);
    }
}

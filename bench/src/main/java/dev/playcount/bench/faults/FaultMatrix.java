package dev.playcount.bench.faults;

import dev.playcount.bench.faults.InputPool.Input;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        Map<Fault, Tally> rows = new EnumMap<>(Fault.class);
        Instant began = Instant.now();
        try {
            System.out.println("== starting the stack in " + settings.work());
            stack.start();
            Cycle cycle = new Cycle(stack, settings.taskTimeout());
            // the control run without a fault also measures how long a batch takes: the window of
            // the random moments
            Cycle.Outcome control =
                    cycle.run(
                            Fault.NONE,
                            pick(inputs, settings.tasks(), random),
                            Duration.ZERO,
                            random);
            report(Fault.NONE, control);
            rows.computeIfAbsent(Fault.NONE, f -> new Tally()).add(control);
            // three quarters of the control's time to its last task's end: most moments find
            // tasks running (the small ones end early), some find the stack idle
            Duration window = clamp(control.endedAfter().multipliedBy(3).dividedBy(4));
            Duration uploads =
                    Duration.ofMillis(Math.max(200, control.uploadsTook().toMillis() * 3 / 2));
            System.out.println(
                    "== moments drawn from 0 to "
                            + window.toMillis()
                            + " ms after the uploads begin"
                            + " (the gateway's, half of the time, from 0 to "
                            + uploads.toMillis()
                            + " ms)");
            List<Fault> faults = new ArrayList<>(Arrays.asList(Fault.values()));
            faults.remove(Fault.NONE);
            for (int round = 1; round <= settings.rounds(); round++) {
                Collections.shuffle(faults, new Random(random.nextLong()));
                for (Fault fault : faults) {
                    // a gateway hurts most while it receives uploads: half its moments fall there
                    Duration bound =
                            fault == Fault.GATEWAY_KILL && random.nextBoolean() ? uploads : window;
                    Duration moment = Duration.ofMillis(random.nextLong(bound.toMillis() + 1));
                    System.out.printf(
                            "== round %d: %s at +%d ms%n", round, fault.label(), moment.toMillis());
                    Cycle.Outcome outcome =
                            cycle.run(
                                    fault, pick(inputs, settings.tasks(), random), moment, random);
                    report(fault, outcome);
                    rows.computeIfAbsent(fault, f -> new Tally()).add(outcome);
                }
            }
        } finally {
            close.run();
            Runtime.getRuntime().removeShutdownHook(hook);
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

    private static List<Input> pick(List<Input> inputs, int n, SplittableRandom random) {
        List<Input> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picked.add(inputs.get(random.nextInt(inputs.size())));
        }
        return picked;
    }

    private static Duration clamp(Duration d) {
        long ms = Math.max(3_000, Math.min(60_000, d.toMillis()));
        return Duration.ofMillis(ms);
    }

    private static void report(Fault fault, Cycle.Outcome o) {
        System.out.printf(
                "   %s: %s in %.1f s%s%n",
                fault.label(),
                o.verdicts(),
                o.took().toMillis() / 1000.0,
                o.notes().isEmpty() ? "" : " (" + String.join("; ", o.notes()) + ")");
    }
}

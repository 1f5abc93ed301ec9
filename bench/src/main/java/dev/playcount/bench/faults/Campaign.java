package dev.playcount.bench.faults;

import dev.playcount.bench.faults.InputPool.Input;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The plan of a run: a control cycle without a fault, then {@code rounds} rounds that inject every
 * fault once each, in a shuffled order, at moments drawn from the control's timing.
 */
final class Campaign {

    private final Cycle cycle;
    private final List<Input> inputs;
    private final int tasks;
    private final int rounds;
    private final SplittableRandom random;

    Campaign(Cycle cycle, List<Input> inputs, int tasks, int rounds, SplittableRandom random) {
        this.cycle = cycle;
        this.inputs = inputs;
        this.tasks = tasks;
        this.rounds = rounds;
        this.random = random;
    }

    Map<Fault, Tally> run() throws Exception {
        Map<Fault, Tally> rows = new EnumMap<>(Fault.class);
        Cycle.Outcome control = cycle.run(Fault.NONE, pick(), Moment.after(Duration.ZERO), random);
        record(rows, Fault.NONE, control);
        Duration uploads =
                Duration.ofMillis(Math.max(200, control.uploadsTook().toMillis() * 3 / 2));
        List<Fault> faults = new ArrayList<>(Arrays.asList(Fault.values()));
        faults.remove(Fault.NONE);
        for (int round = 1; round <= rounds; round++) {
            Collections.shuffle(faults, new Random(random.nextLong()));
            for (Fault fault : faults) {
                Moment moment = moment(fault, uploads);
                System.out.printf("== round %d: %s %s%n", round, fault.label(), moment);
                record(rows, fault, cycle.run(fault, pick(), moment, random));
            }
        }
        return rows;
    }

    private List<Input> pick() {
        List<Input> picked = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            picked.add(inputs.get(random.nextInt(inputs.size())));
        }
        return picked;
    }

    /**
     * A random point of a random task's run; for the gateway, which hurts most while it receives
     * uploads, half of the time a random moment within the control's upload time instead.
     */
    private Moment moment(Fault fault, Duration uploads) {
        if (fault == Fault.GATEWAY_KILL && random.nextBoolean()) {
            return Moment.after(Duration.ofMillis(random.nextLong(uploads.toMillis() + 1)));
        }
        return Moment.during(random.nextInt(tasks), random.nextDouble(100));
    }

    private static void record(Map<Fault, Tally> rows, Fault fault, Cycle.Outcome o) {
        System.out.printf(
                "   %s: %s in %.1f s%s%n",
                fault.label(),
                o.verdicts(),
                o.took().toMillis() / 1000.0,
                o.notes().isEmpty() ? "" : " (" + String.join("; ", o.notes()) + ")");
        rows.computeIfAbsent(fault, f -> new Tally()).add(o);
    }
}

package dev.playcount.bench.faults;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The faults of the matrix: each injects itself into a running stack and repairs what compose
 * would.
 */
enum Fault {
    NONE("none (control)") {
        @Override
        String inject(Stack stack, SplittableRandom random) {
            return "";
        }
    },
    LAUNCHER_KILL("launcher kill -9") {
        @Override
        String inject(Stack stack, SplittableRandom random) throws Exception {
            Child victim = pick(stack.launchers(), random);
            victim.kill();
            stack.removed(victim);
            stack.startLauncher();
            return "";
        }
    },
    LAUNCHER_TERM("launcher SIGTERM") {
        @Override
        String inject(Stack stack, SplittableRandom random) throws Exception {
            Child victim = pick(stack.launchers(), random);
            int code = victim.stop(Duration.ofSeconds(60));
            stack.removed(victim);
            stack.startLauncher();
            return code == 0 ? "" : victim.name() + " exited " + code;
        }
    },
    TASKMANAGER_KILL("TaskManager kill -9") {
        @Override
        String inject(Stack stack, SplittableRandom random) throws Exception {
            stack.cluster().killTaskManager(pick(stack.cluster().taskManagers(), random));
            stack.cluster().addTaskManager();
            return "";
        }
    },
    JOBMANAGER_CRASH("JobManager crash") {
        @Override
        String inject(Stack stack, SplittableRandom random) throws Exception {
            stack.cluster().restartJobManager();
            return "";
        }
    },
    BROKER_CLOSE("broker closes launchers' connections") {
        @Override
        String inject(Stack stack, SplittableRandom random) throws Exception {
            Set<Long> pids = stack.launchers().stream().map(Child::pid).collect(Collectors.toSet());
            int closed = stack.rabbit().closeConnectionsOf(pids);
            return "closed " + closed + " connections";
        }
    },
    GATEWAY_KILL("gateway kill -9") {
        @Override
        String inject(Stack stack, SplittableRandom random) throws Exception {
            stack.gateway().kill();
            stack.startGateway();
            return "";
        }
    };

    private final String label;

    Fault(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * Injects the fault now and repairs the stack (a new launcher, TaskManager or gateway).
     *
     * @return what happened worth a note in the table (empty for nothing special)
     */
    abstract String inject(Stack stack, SplittableRandom random) throws Exception;

    private static <T> T pick(List<T> items, SplittableRandom random) {
        if (items.isEmpty()) {
            throw new IllegalStateException("nothing to inject the fault into");
        }
        return items.get(random.nextInt(items.size()));
    }
}

package dev.playcount.gateway.launcher;

import java.util.function.IntSupplier;

/**
 * A job's parallelism: a fixed number (the embedded cluster, sized for it), or a remote cluster's
 * task slots at submission, capped by a limit, so adding TaskManagers speeds up the next task
 * without a launcher restart.
 *
 * @param fixed the parallelism, or 0 to ask the cluster
 * @param cap the most a job gets from the cluster's slots, or 0 for no limit
 */
public record Parallelism(int fixed, int cap) {

    public static Parallelism fixed(int parallelism) {
        return new Parallelism(parallelism, 0);
    }

    /** The cluster's total task slots; {@code cap} 0 for no limit. */
    public static Parallelism clusterSlots(int cap) {
        return new Parallelism(0, cap);
    }

    /** The parallelism of the next job, given the cluster's total task slots. */
    public int resolve(IntSupplier slotsTotal) {
        if (fixed > 0) {
            return fixed;
        }
        // no slot registered (TaskManagers still starting or all lost): the job waits for one
        int slots = Math.max(1, slotsTotal.getAsInt());
        return cap > 0 ? Math.min(cap, slots) : slots;
    }

    /** For the start-up log line. */
    public String describe() {
        if (fixed > 0) {
            return String.valueOf(fixed);
        }
        return cap > 0 ? "the cluster's task slots, at most " + cap : "the cluster's task slots";
    }
}

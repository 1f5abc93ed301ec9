package dev.playcount.bench.faults;

import java.time.Duration;

/**
 * When a cycle injects its fault: a delay after the uploads begin, or the moment one of its tasks
 * (by index) is IN_PROGRESS with at least {@code percent} of its progress (or has ended, if it got
 * there first), so injections land at random points of running jobs.
 */
record Moment(Duration delay, int task, double percent) {

    static Moment after(Duration delay) {
        return new Moment(delay, -1, 0);
    }

    static Moment during(int task, double percent) {
        return new Moment(Duration.ZERO, task, percent);
    }

    boolean byProgress() {
        return task >= 0;
    }

    @Override
    public String toString() {
        return byProgress()
                ? String.format("when task %d is IN_PROGRESS at %.0f%%", task + 1, percent)
                : "at +" + delay.toMillis() + " ms";
    }
}

package dev.playcount.gateway;

import java.time.Duration;

/**
 * How launchers hold tasks and find abandoned ones.
 *
 * @param leaseDuration how long a launcher holds a task without renewing (it renews at a third)
 * @param sweepInterval how often the launcher role looks for tasks nobody works on
 * @param requestGrace how long a QUEUED task waits for its request to be taken before it is
 *     requested again (and between two such requests)
 * @param jobCheckInterval how often the launcher role cancels the Flink jobs of tasks that are over
 *     (a cancel issued while no launcher followed the job) and deletes what they left
 */
public record LeaseConfig(
        Duration leaseDuration,
        Duration sweepInterval,
        Duration requestGrace,
        Duration jobCheckInterval) {

    static LeaseConfig fromEnv(Settings s) {
        Duration lease = s.duration("LEASE_DURATION", Duration.ofSeconds(60));
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            // renewed every third: below a second per renewal the store is asked too often
            throw Settings.invalid("LEASE_DURATION", lease.toString(), "at least 3s");
        }
        return new LeaseConfig(
                lease,
                positive(s, "SWEEP_INTERVAL", Duration.ofSeconds(30)),
                positive(s, "REQUEST_GRACE", Duration.ofMinutes(5)),
                positive(s, "JOB_CHECK_INTERVAL", Duration.ofSeconds(15)));
    }

    private static Duration positive(Settings s, String name, Duration fallback) {
        Duration d = s.duration(name, fallback);
        if (d.isZero() || d.isNegative()) {
            throw Settings.invalid(name, d.toString(), "a duration above 0, such as 30s");
        }
        return d;
    }
}

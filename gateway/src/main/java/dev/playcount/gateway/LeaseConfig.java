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
 * @param uploadStallTimeout how long a job that reads an upload while it still arrives waits for
 *     more bytes before it fails its task: what ends a task whose gateway died mid-upload
 */
public record LeaseConfig(
        Duration leaseDuration,
        Duration sweepInterval,
        Duration requestGrace,
        Duration jobCheckInterval,
        Duration uploadStallTimeout) {

    static LeaseConfig fromEnv(Settings s) {
        // renewed every third: below a second per renewal the store is asked too often
        Duration lease =
                s.durationIn(
                        "LEASE_DURATION",
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(3),
                        Settings.MAX_DURATION);
        return new LeaseConfig(
                lease,
                s.positiveDuration("SWEEP_INTERVAL", Duration.ofSeconds(30)),
                s.positiveDuration("REQUEST_GRACE", Duration.ofMinutes(5)),
                s.positiveDuration("JOB_CHECK_INTERVAL", Duration.ofSeconds(15)),
                // a gateway ends a POST that sends nothing for IDLE_TIMEOUT itself; this is for
                // the gateway that died, so it is generous
                s.positiveDuration("UPLOAD_STALL_TIMEOUT", Duration.ofMinutes(10)));
    }
}

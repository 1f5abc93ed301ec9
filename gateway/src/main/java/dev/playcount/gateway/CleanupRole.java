package dev.playcount.gateway;

import dev.playcount.gateway.task.Cleanup;
import dev.playcount.gateway.task.CleanupTaskStore;
import dev.playcount.gateway.task.TaskFiles;
import java.time.Clock;

/**
 * The retention schedule: every {@code CLEANUP_INTERVAL}, expires old results and deletes files no
 * task needs. It runs with the gateway role, next to the storage the API writes.
 */
final class CleanupRole {

    private CleanupRole() {}

    static void schedule(
            RetentionConfig retention,
            CleanupTaskStore tasks,
            TaskFiles files,
            Clock clock,
            Schedules schedules) {
        schedules.every(
                retention.cleanupInterval(),
                new Cleanup(
                        tasks,
                        files,
                        clock,
                        retention.resultTtl(),
                        retention.orphanGrace(),
                        retention.taskRecordTtl()));
    }
}

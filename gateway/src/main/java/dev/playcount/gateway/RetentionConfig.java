package dev.playcount.gateway;

import java.time.Duration;

/**
 * The cleanup schedule's settings.
 *
 * @param resultTtl how long a finished task's result stays downloadable
 * @param orphanGrace how long a file no task owns (or an upload nobody writes) is left alone
 * @param taskRecordTtl how long a task's record stays after it expired (its result gone), or, for a
 *     failed or cancelled task, after its result would have expired
 */
public record RetentionConfig(
        Duration resultTtl,
        Duration cleanupInterval,
        Duration orphanGrace,
        Duration taskRecordTtl) {

    static final Duration DEFAULT_TASK_RECORD_TTL = Duration.ofDays(30);

    public RetentionConfig(Duration resultTtl, Duration cleanupInterval, Duration orphanGrace) {
        this(resultTtl, cleanupInterval, orphanGrace, DEFAULT_TASK_RECORD_TTL);
    }

    static RetentionConfig fromEnv(Settings s) {
        // 0 would expire a result (or delete a live upload, a record) the moment it exists
        return new RetentionConfig(
                s.positiveDuration("RESULT_TTL", Duration.ofHours(24)),
                s.positiveDuration("CLEANUP_INTERVAL", Duration.ofMinutes(10)),
                s.positiveDuration("ORPHAN_GRACE", Duration.ofHours(1)),
                s.positiveDuration("TASK_RECORD_TTL", DEFAULT_TASK_RECORD_TTL));
    }
}

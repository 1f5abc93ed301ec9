package dev.playcount.gateway;

import java.time.Duration;

/**
 * The cleanup schedule's settings.
 *
 * @param resultTtl how long a finished task's result stays downloadable
 * @param orphanGrace how long a file no task owns (or an upload nobody writes) is left alone
 */
public record RetentionConfig(Duration resultTtl, Duration cleanupInterval, Duration orphanGrace) {

    static RetentionConfig fromEnv(Settings s) {
        return new RetentionConfig(
                s.duration("RESULT_TTL", Duration.ofHours(24)),
                s.duration("CLEANUP_INTERVAL", Duration.ofMinutes(10)),
                s.duration("ORPHAN_GRACE", Duration.ofHours(1)));
    }
}

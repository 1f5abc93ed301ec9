package dev.playcount.gateway;

import dev.playcount.gateway.http.HttpLimits;
import dev.playcount.gateway.task.Quotas;
import java.time.Duration;

/**
 * How much a client can take from the gateway: concurrent transfers, data rates and idle time, the
 * rate of new tasks (all HTTP's), and the upload size and per-key quotas (the task service's). 0
 * turns a size, quota or rate off.
 */
public record LimitsConfig(HttpLimits http, Quotas quotas) {

    static LimitsConfig fromEnv(Settings s) {
        Duration idle = s.duration("IDLE_TIMEOUT", Duration.ofSeconds(30));
        if (idle.isNegative() || idle.isZero()) {
            throw Settings.invalid("IDLE_TIMEOUT", idle.toString(), "a duration above 0");
        }
        return new LimitsConfig(
                new HttpLimits(
                        s.positiveInt("MAX_UPLOADS", 32),
                        s.positiveInt("MAX_UPLOADS_PER_KEY", 8),
                        s.positiveInt("MAX_DOWNLOADS", 32),
                        s.positiveInt("MAX_DOWNLOADS_PER_KEY", 8),
                        s.bytes("MIN_DATA_RATE", 1L << 10),
                        idle,
                        count(s, "TASKS_PER_MINUTE", 120),
                        count(s, "TASKS_PER_MINUTE_PER_KEY", 30)),
                new Quotas(
                        s.bytes("MAX_UPLOAD_SIZE", 0),
                        count(s, "MAX_RUNNING_TASKS_PER_KEY", 20),
                        s.bytes("MAX_STORED_BYTES_PER_KEY", 0)));
    }

    /** A whole number from 0 (off) up. */
    private static int count(Settings s, String name, int fallback) {
        String value = s.string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Settings.invalid(name, value, "a whole number from 0 (no limit) up");
    }
}

package dev.playcount.client;

import java.time.Duration;

/**
 * How often and how long to retry a call that met a broken connection or a busy service: doubling
 * delays from {@code first} up to {@code max}, at most {@code attempts} tries in all.
 */
public record Backoff(int attempts, Duration first, Duration max) {

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    public static Backoff standard(int attempts) {
        return new Backoff(attempts, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The wait before try {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    public Duration delay(int attempt) {
        Duration d = first;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}

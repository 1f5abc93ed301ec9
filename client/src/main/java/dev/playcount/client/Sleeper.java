package dev.playcount.client;

import java.time.Duration;

/** Waits between tries; tests pass one that records the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis());
    }
}

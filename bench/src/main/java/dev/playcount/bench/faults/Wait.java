package dev.playcount.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Polls an observable condition until it holds or a deadline passes. */
final class Wait {

    private static final long POLL_MS = 200;

    private Wait() {}

    static void until(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(what + ": not within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Until the log holds {@code text}, failing early when its process exited. */
    static void forLog(Child child, String text, Duration timeout)
            throws InterruptedException, TimeoutException {
        until(
                child + " logs \"" + text + "\"",
                timeout,
                () -> {
                    if (contains(child.log(), text)) {
                        return true;
                    }
                    if (!child.alive()) {
                        throw new IllegalStateException(child + " exited; see " + child.log());
                    }
                    return false;
                });
    }

    private static boolean contains(Path log, String text) {
        try {
            return Files.exists(log)
                    && new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}

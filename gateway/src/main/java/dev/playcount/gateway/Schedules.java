package dev.playcount.gateway;

import dev.playcount.core.concurrent.NamedThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The process's background jobs (the outbox relay, cleanup), on one daemon thread. */
final class Schedules implements AutoCloseable {

    private final ScheduledExecutorService executor =
            Executors.newScheduledThreadPool(1, NamedThreads.daemon("gateway-schedule"));

    /** Runs {@code job} every {@code interval}, the first time one interval from now. */
    void every(Duration interval, Runnable job) {
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(job, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package dev.playcount.pipeline.progress;

import dev.playcount.core.concurrent.NamedThreads;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints the job's phase and percentages every few seconds while it runs, one line each time the
 * whole percent or the phase changes: {@code progress 71% summing: 12,000,000 of 40,000,000 partial
 * sums}.
 */
public final class ProgressPrinter implements AutoCloseable {

    private final JobProgressClient client;
    private final String jobId;
    private final long totalBytes;
    private final PrintWriter out;
    private final ScheduledExecutorService timer;
    private String last = "";

    public ProgressPrinter(
            URI rest, String jobId, long totalBytes, PrintWriter out, Duration every) {
        this.client = new JobProgressClient(rest);
        this.jobId = jobId;
        this.totalBytes = totalBytes;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("progress"));
        timer.scheduleWithFixedDelay(
                this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            client.poll(jobId, totalBytes)
                    .filter(p -> !p.finished()) // the receipt follows at once
                    .ifPresent(
                            p -> {
                                String key = (long) p.percent() + " " + p.phase();
                                if (!key.equals(last)) {
                                    last = key;
                                    out.println(line(p));
                                    out.flush();
                                }
                            });
        } catch (Exception e) {
            // progress is best effort: the job's outcome does not depend on it
        }
    }

    /** The line for one snapshot; the whole percent stays below 100 until the job has finished. */
    static String line(JobProgress p) {
        return String.format(
                Locale.ROOT,
                "progress         %3d%% %s: %s",
                (long) p.percent(),
                p.phase().wireName(),
                p.detail());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

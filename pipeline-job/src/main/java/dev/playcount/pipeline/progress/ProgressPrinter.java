package dev.playcount.pipeline.progress;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints the percentage of the input read, every few seconds, while a job runs. */
public final class ProgressPrinter implements AutoCloseable {

    private final ReadProgressClient client;
    private final String jobId;
    private final long totalBytes;
    private final PrintWriter out;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private long lastPercent = -1;

    public ProgressPrinter(
            URI rest, String jobId, long totalBytes, PrintWriter out, Duration every) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.client = new ReadProgressClient(http, rest);
        this.jobId = jobId;
        this.totalBytes = totalBytes;
        this.out = out;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "progress");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(
                this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            client.poll(jobId)
                    .ifPresent(
                            p -> {
                                if (p.readingDone()) {
                                    if (lastPercent != 100) {
                                        lastPercent = 100;
                                        out.println(
                                                "progress         100% read; summing and writing"
                                                        + " the result");
                                        out.flush();
                                    }
                                    return;
                                }
                                long percent =
                                        totalBytes == 0
                                                ? 99
                                                : Math.min(99, p.bytesRead() * 100 / totalBytes);
                                if (percent != lastPercent) {
                                    lastPercent = percent;
                                    out.printf(
                                            "progress         %3d%% read: %,d of %,d bytes, %,d"
                                                    + " rows%n",
                                            percent, p.bytesRead(), totalBytes, p.rowsRead());
                                    out.flush();
                                }
                            });
        } catch (Exception e) {
            // progress is best effort: the job's outcome does not depend on it
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.playcount.bench.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Asks {@code /health} every 100 ms on a thread of its own while a phase runs, and reports the
 * latency's median, 99th percentile and maximum and how many asks got no 200 within 5 s.
 */
final class HealthProbe implements AutoCloseable {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI health;
    private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int failures;

    HealthProbe(URI base) {
        this.health = base.resolve("/health");
        this.thread = new Thread(this::run, "health-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long t0 = System.nanoTime();
            try {
                int status =
                        http.send(
                                        HttpRequest.newBuilder(health)
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                if (status != 200) {
                    failures++;
                }
            } catch (Exception e) {
                failures++;
            }
            millis.add((System.nanoTime() - t0) / 1_000_000);
            try {
                Thread.sleep(100); // the probe's pace
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** "p50 N ms, p99 N ms, max N ms, N/N failed". */
    String summary() {
        List<Long> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "no answer";
        }
        return String.format(
                "p50 %d ms, p99 %d ms, max %d ms, %d/%d failed",
                sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)),
                sorted.get(sorted.size() - 1),
                failures,
                sorted.size());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}

package dev.playcount.gateway.http;

import dev.playcount.gateway.task.ApiTaskStore;
import dev.playcount.gateway.task.TaskStatus;
import dev.playcount.gateway.task.UnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Prometheus metrics: requests by route and status, upload bytes, tasks by status, JVM. */
public final class GatewayMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter uploadBytes;
    private final MultiGauge tasksByStatus;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public GatewayMetrics() {
        uploadBytes =
                Counter.builder("playcount.upload.bytes")
                        .description("bytes of uploads stored")
                        .baseUnit("bytes")
                        .register(registry);
        tasksByStatus =
                MultiGauge.builder("playcount.tasks")
                        .description("tasks in the store by status")
                        .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public void uploadBytes(long n) {
        uploadBytes.increment(n);
    }

    void request(String method, String route, int status, float millis) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by route and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .register(registry)
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
    }

    /** The exposition text, with the task counts read from the store just now. */
    String scrape(ApiTaskStore tasks) {
        try {
            Map<TaskStatus, Long> counts = tasks.countByStatus();
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            counts.forEach(
                    (status, n) ->
                            rows.add(MultiGauge.Row.of(Tags.of("status", status.name()), n)));
            tasksByStatus.register(rows, true);
        } catch (UnavailableException e) {
            // the store is away: serve the other metrics; /ready says why
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

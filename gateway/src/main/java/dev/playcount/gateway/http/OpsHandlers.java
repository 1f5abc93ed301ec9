package dev.playcount.gateway.http;

import dev.playcount.gateway.task.ApiTaskStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness, readiness of the services the gateway needs, and Prometheus metrics. */
final class OpsHandlers {

    private final Map<String, BooleanSupplier> checks;
    private final GatewayMetrics metrics;
    private final ApiTaskStore tasks;

    /**
     * @param checks readiness checks by the name shown in {@code /ready}
     */
    OpsHandlers(Map<String, BooleanSupplier> checks, GatewayMetrics metrics, ApiTaskStore tasks) {
        this.checks = checks;
        this.metrics = metrics;
        this.tasks = tasks;
    }

    @OpenApi(
            path = "/health",
            methods = HttpMethod.GET,
            summary = "Liveness: the process serves HTTP",
            tags = "operations",
            responses = @OpenApiResponse(status = "200"))
    void health(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    @OpenApi(
            path = "/ready",
            methods = HttpMethod.GET,
            summary = "Readiness: MongoDB, the broker and (with the launcher role) Flink answer",
            tags = "operations",
            responses = {@OpenApiResponse(status = "200"), @OpenApiResponse(status = "503")})
    void ready(Context ctx) {
        Map<String, String> results = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            results.put(check.getKey(), ok ? "UP" : "DOWN");
            up &= ok;
        }
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", up ? "UP" : "DOWN", "checks", results));
    }

    @OpenApi(
            path = "/metrics",
            methods = HttpMethod.GET,
            summary = "Prometheus metrics",
            tags = "operations",
            responses = @OpenApiResponse(status = "200"))
    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape(tasks));
    }
}

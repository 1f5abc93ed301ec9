package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no MONGO_URI and no AMQP_URI the gateway starts its embedded MongoDB-compatible server and
 * broker; tasks survive a restart and their requests are queued again on the new broker.
 */
class EmbeddedDefaultsITCase {

    @TempDir Path dir;

    @Test
    void runsOnEmbeddedServicesAndKeepsTasksAcrossRestarts() throws Exception {
        int amqpPort = OutageITCase.freePort();
        Map<String, String> env =
                Map.of(
                        "ROLES", "gateway",
                        "HOST", "127.0.0.1",
                        "PORT", "0",
                        "STORAGE_DIR", dir.toString(),
                        "EMBEDDED_AMQP_PORT", Integer.toString(amqpPort),
                        "MIN_FREE_DISK", "16MB",
                        "RELAY_INTERVAL", "200ms");
        String id;
        try (Gateway gateway = Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC())) {
            HttpResponse<String> created = upload(gateway);
            assertThat(created.statusCode()).isEqualTo(202);
            id = json(created).get("task").get("id").asText();
            assertThat(get(gateway, "/ready").statusCode()).isEqualTo(200);
        }
        try (Gateway gateway = Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC())) {
            HttpResponse<String> status =
                    get(gateway, "/api/v1/file-processing/tasks/" + id + "/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(json(status).get("task").get("status").asText()).isEqualTo("QUEUED");
            // the restarted in-memory broker lost the first request; the relay sends it again
            assertThat(
                            TestBroker.of("amqp://guest:guest@127.0.0.1:" + amqpPort)
                                    .take("playcount.jobs", 5, Duration.ofSeconds(10)))
                    .containsExactly("{\"taskId\":\"" + id + "\"}");
        }
    }

    @Test
    void allInOneRunsAnUploadToADownloadWithTheDashboard() throws Exception {
        Map<String, String> env =
                Map.of(
                        "HOST", "127.0.0.1",
                        "PORT", "0",
                        "STORAGE_DIR", dir.toString(),
                        "FLINK_DASHBOARD_PORT", "0",
                        "MIN_FREE_DISK", "16MB");
        try (Gateway gateway = Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC())) {
            HttpResponse<String> ready = get(gateway, "/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(json(ready).get("checks").get("flink").asText()).isEqualTo("UP");
            Path seed = SharedData.seedSample();
            HttpResponse<String> created =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    uri(gateway, "/api/v1/file-processing/tasks"))
                                            .header("Content-Type", "text/csv")
                                            .POST(HttpRequest.BodyPublishers.ofFile(seed))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            String id = json(created).get("task").get("id").asText();
            String status =
                    await().atMost(Duration.ofMinutes(2))
                            .pollInterval(Duration.ofMillis(100))
                            .until(
                                    () ->
                                            json(get(
                                                            gateway,
                                                            "/api/v1/file-processing/tasks/"
                                                                    + id
                                                                    + "/status"))
                                                    .get("task")
                                                    .get("status")
                                                    .asText(),
                                    s -> s.equals("COMPLETED") || s.equals("FAILED"));
            assertThat(status).isEqualTo("COMPLETED");
            Path result = dir.resolve("result.csv");
            Files.writeString(
                    result,
                    get(gateway, "/api/v1/file-processing/tasks/" + id + "/download").body());
            assertThat(Oracle.readResult(result)).isEqualTo(Oracle.aggregate(seed).totals());

            URI dashboard = gateway.flinkRestUrl().orElseThrow();
            HttpResponse<String> page =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(dashboard.resolve("/")).build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Apache Flink Web Dashboard");
        }
    }

    private static HttpResponse<String> upload(Gateway gateway) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri(gateway, "/api/v1/file-processing/tasks"))
                                .header("Content-Type", "text/csv")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "Song,Date,Number of Plays\nA,2020-01-01,1\n"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri(gateway, path)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(Gateway gateway, String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}

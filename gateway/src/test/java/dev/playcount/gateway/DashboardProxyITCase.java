package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With API keys on, the embedded dashboard is served read-only at /flink/ to the keys named. */
class DashboardProxyITCase {

    @TempDir Path dir;

    private static String[] basic(String key) {
        String pair = "anyone:" + key;
        return new String[] {
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))
        };
    }

    @Test
    void onlyTheDashboardKeysReadItAndNothingIsPostedThrough() throws Exception {
        Map<String, String> env = new HashMap<>(TestGateway.withLauncher());
        env.put("API_KEYS", "tenant-key,ops-key");
        env.put("FLINK_DASHBOARD_KEYS", "ops-key");
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, env)) {
            HttpResponse<String> none = gateway.get("/flink/");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(json(none).get("code").asText()).isEqualTo("unauthorized");
            assertThat(gateway.get("/flink/", basic("tenant-key")).statusCode())
                    .as("a tenant's key sees no other tenant's jobs")
                    .isEqualTo(401);
            assertThat(gateway.get("/flink/config", "Authorization", "Bearer ops-key").statusCode())
                    .as("the page's own requests carry no bearer token: Basic only")
                    .isEqualTo(401);

            HttpResponse<String> page = gateway.get("/flink/", basic("ops-key"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).contains("text/html"));
            assertThat(page.body()).containsIgnoringCase("flink");
            HttpResponse<String> config = gateway.get("/flink/config", basic("ops-key"));
            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(json(config).has("flink-version")).isTrue();
            assertThat(gateway.get("/flink/jobs/overview", basic("ops-key")).statusCode())
                    .isEqualTo(200);

            HttpResponse<String> post =
                    gateway.send(
                            HttpRequest.newBuilder(gateway.uri("/flink/jobs"))
                                    .header(basic("ops-key")[0], basic("ops-key")[1])
                                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(json(post).get("code").asText()).isEqualTo("method_not_allowed");
        }
    }

    @Test
    void dashboardKeysMustBeApiKeysAndAreNeverEchoed() {
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromEnv(
                                        Map.of(
                                                "API_KEYS", "tenant-key",
                                                "FLINK_DASHBOARD_KEYS", "secret-ops-key")))
                .hasMessageStartingWith("setting FLINK_DASHBOARD_KEYS=")
                .hasMessageContaining("subset of API_KEYS")
                .hasMessageNotContaining("secret-ops-key");
    }

    @Test
    void withoutDashboardKeysThereIsNoDashboardPath() throws Exception {
        Map<String, String> env = new HashMap<>(TestGateway.withLauncher());
        env.put("API_KEYS", "ops-key");
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, env)) {
            assertThat(gateway.get("/flink/", basic("ops-key")).statusCode()).isEqualTo(404);
        }
    }
}

package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.HttpsProxy;
import dev.playcount.gateway.testing.LogEvents;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.local.LocalClusterBuilder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher in front of a Flink cluster behind an authenticating HTTPS proxy that serves it
 * under {@code /flink/}: TLS checked against FLINK_TRUSTSTORE, the credential on every call, the
 * prefix on every path.
 */
class RemoteFlinkProxyITCase {

    private static final String TOKEN = "launcher-token-7f3a";
    private static final byte[] CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\nUmbrella,2020-01-02,100\n"
                    .getBytes(StandardCharsets.UTF_8);

    @TempDir static Path shared;
    @TempDir Path dir;
    private static MiniCluster flink;
    private static HttpsProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        flink = LocalClusterBuilder.loopback().slots(2).start();
        // its REST API answers 503 until its leader is elected
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                java.net.http.HttpClient.newHttpClient()
                                                .send(
                                                        java.net.http.HttpRequest.newBuilder(
                                                                        flink.getRestAddress()
                                                                                .get()
                                                                                .resolve(
                                                                                        "/overview"))
                                                                .build(),
                                                        HttpResponse.BodyHandlers.discarding())
                                                .statusCode()
                                        == 200);
        proxy = HttpsProxy.start(shared, flink.getRestAddress().get(), "/flink", "Bearer " + TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        flink.close();
    }

    @Test
    void aTaskCompletesThroughTheProxyWithTheCredentialAndThePrefix() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                LogEvents logs = LogEvents.ofPackage(Gateway.class);
                TestGateway gateway = TestGateway.start(dir, broker, env(TOKEN))) {
            HttpResponse<String> created = gateway.uploadRaw("", CSV);
            String id = json(created).get("task").get("id").asText();

            List<JsonNode> seen =
                    gateway.awaitStatus(id, Duration.ofSeconds(90), "COMPLETED", "FAILED");
            JsonNode done = seen.get(seen.size() - 1);

            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("rowsWritten").asLong()).isEqualTo(1);
            assertThat(gateway.get(API + "/tasks/" + id + "/download").body())
                    .contains("Umbrella,2020-01-02,300");
            List<String> calls = proxy.seen();
            // submitted, followed (Flink's client) and its progress read (the JDK's client)
            assertThat(calls).anyMatch(c -> c.matches("POST /flink/(v1/)?jobs 202"));
            assertThat(calls)
                    .anyMatch(
                            c ->
                                    c.startsWith(
                                            "GET /flink/jobs/"
                                                    + done.get("flinkJobId").asText()
                                                    + " 200"));
            assertThat(calls)
                    .allMatch(
                            c ->
                                    c.startsWith("GET /flink/")
                                            || c.startsWith("POST /flink/")
                                            || c.startsWith("PATCH /flink/"));
            assertThat(calls)
                    .noneMatch(
                            c -> c.endsWith(" 401") || c.endsWith(" 404") || c.contains("failed"));
            assertThat(logs.containing(TOKEN)).isEmpty();
        }
    }

    @Test
    void aWrongCredentialFailsTheTaskSayingSo() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, env("not-the-token"))) {
            String id = json(gateway.uploadRaw("", CSV)).get("task").get("id").asText();

            List<JsonNode> seen =
                    gateway.awaitStatus(id, Duration.ofSeconds(60), "FAILED", "COMPLETED");
            JsonNode failed = seen.get(seen.size() - 1);

            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("errors").get(0).get("message").asText())
                    .contains("refused the launcher's credential")
                    .contains("401")
                    .contains("FLINK_REST_TOKEN")
                    .doesNotContain("not-the-token");
            assertThat(json(gateway.get("/ready")).get("checks").get("flink").asText())
                    .isEqualTo("DOWN");
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        try (HttpsProxy elsewhere =
                        HttpsProxy.start(
                                dir,
                                flink.getRestAddress().get(),
                                "/flink",
                                "Bearer " + TOKEN,
                                "dns:flink.example");
                TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, env(elsewhere, TOKEN))) {
            String id = json(gateway.uploadRaw("", CSV)).get("task").get("id").asText();

            List<JsonNode> seen =
                    gateway.awaitStatus(id, Duration.ofSeconds(60), "FAILED", "COMPLETED");
            JsonNode failed = seen.get(seen.size() - 1);

            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("errors").get(0).get("message").asText()).contains("127.0.0.1");
            // the handshake failed: nothing reached the proxy's handler
            assertThat(elsewhere.seen()).isEmpty();
        }
    }

    private static Map<String, String> env(String token) {
        return env(proxy, token);
    }

    private static Map<String, String> env(HttpsProxy proxy, String token) {
        Map<String, String> env = new HashMap<>(TestGateway.withLauncher());
        env.put("FLINK_REST_URL", proxy.url().toString());
        env.put("FLINK_REST_TOKEN", token);
        env.put("FLINK_TRUSTSTORE", proxy.truststore().toString());
        env.put("FLINK_TRUSTSTORE_PASSWORD", proxy.truststorePassword());
        env.put("FLINK_OUTAGE_TOLERANCE", "5s");
        return env;
    }
}

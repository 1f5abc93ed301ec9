package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page the user visits can make the browser do to the API: address it under another host
 * name (DNS rebinding), POST or DELETE to it from another site (CSRF), frame it or sniff its
 * answers. Each is refused with the error body, or kept out by a header.
 */
class WebExposureITCase {

    private static final byte[] CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    @Test
    void onLoopbackOnlyLoopbackHostNamesAreAnswered() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, Map.of())) {
            int port = gateway.uri("/").getPort();

            String rebound = rawGet(port, API + "/tasks", "attacker.example:" + port);
            String local = rawGet(port, "/health", "localhost:" + port);

            assertThat(rebound).startsWith("HTTP/1.1 421");
            assertThat(rebound)
                    .contains("\"code\":\"host_not_allowed\"")
                    .contains("attacker.example")
                    .contains("ALLOWED_HOSTS");
            assertThat(local).startsWith("HTTP/1.1 200");
            assertThat(gateway.get("/health").statusCode()).isEqualTo(200); // 127.0.0.1
        }
    }

    @Test
    void allowedHostsReplacesTheDefault() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway =
                        TestGateway.start(
                                dir, broker, Map.of("ALLOWED_HOSTS", "playcount.example"))) {
            int port = gateway.uri("/").getPort();

            assertThat(rawGet(port, "/health", "playcount.example:" + port))
                    .startsWith("HTTP/1.1 200");
            assertThat(rawGet(port, "/health", "localhost:" + port)).startsWith("HTTP/1.1 421");
        }
    }

    @Test
    void anotherSitesPageCannotUploadOrCancel() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway =
                        TestGateway.start(
                                dir, broker, Map.of("ALLOWED_ORIGINS", "https://app.example"))) {
            String own = "http://127.0.0.1:" + gateway.uri("/").getPort();

            HttpResponse<String> crossSite =
                    gateway.uploadRaw("", CSV, "Origin", "https://attacker.example");
            HttpResponse<String> fetchMetadataOnly =
                    gateway.uploadRaw("", CSV, "Sec-Fetch-Site", "cross-site");
            HttpResponse<String> sameOrigin = gateway.uploadRaw("", CSV, "Origin", own);
            HttpResponse<String> allowed =
                    gateway.uploadRaw("", CSV, "Origin", "https://app.example");
            HttpResponse<String> noBrowser = gateway.uploadRaw("", CSV);
            String id = json(sameOrigin).get("task").get("id").asText();
            HttpResponse<String> cancel =
                    gateway.delete(API + "/tasks/" + id, "Origin", "https://attacker.example");

            assertThat(crossSite.statusCode()).as(crossSite.body()).isEqualTo(403);
            assertThat(json(crossSite).get("code").asText()).isEqualTo("cross_site_request");
            assertThat(json(crossSite).get("message").asText())
                    .contains("POST")
                    .contains("https://attacker.example");
            assertThat(fetchMetadataOnly.statusCode()).isEqualTo(403);
            assertThat(cancel.statusCode()).isEqualTo(403);
            assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(202);
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(202);
            assertThat(noBrowser.statusCode()).isEqualTo(202);
            // the refused ones made no task, the cancel left its task alone
            assertThat(json(gateway.get(API + "/tasks")).get("total").asLong()).isEqualTo(3);
            assertThat(
                            json(gateway.get(API + "/tasks/" + id + "/status"))
                                    .get("task")
                                    .get("status")
                                    .asText())
                    .isEqualTo("QUEUED");
        }
    }

    @Test
    void thePageTheApiAndSwaggerCarrySecurityHeaders() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, Map.of())) {
            for (String path :
                    new String[] {
                        "/", "/app.js", "/health", API + "/tasks", API + "/tasks/x/status"
                    }) {
                HttpResponse<String> r = gateway.get(path);
                assertThat(r.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .hasValueSatisfying(
                                csp ->
                                        assertThat(csp)
                                                .contains("script-src 'self';")
                                                .contains("frame-ancestors 'none'")
                                                .doesNotContain("unsafe-inline"));
                assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
                assertThat(r.headers().firstValue("X-Content-Type-Options"))
                        .as(path)
                        .contains("nosniff");
                assertThat(r.headers().firstValue("Referrer-Policy"))
                        .as(path)
                        .contains("no-referrer");
            }
            HttpResponse<String> swagger = gateway.get("/api/v1/docs/swagger");
            assertThat(swagger.statusCode()).isEqualTo(200);
            assertThat(swagger.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(swagger.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        }
    }

    private static String rawGet(int port, String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(
                            ("GET "
                                            + path
                                            + " HTTP/1.1\r\nHost: "
                                            + host
                                            + "\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

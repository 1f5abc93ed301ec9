package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.gateway.testing.TusClient;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resumable uploads within the gateway's limits: unfinished uploads at once (MAX_OPEN_UPLOADS), and
 * each PATCH as an upload while it sends (MAX_UPLOADS_PER_KEY, shared with POST /tasks).
 */
class TusLimitsITCase {

    private static final byte[] CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);
    private static final String[] KEY = {"Authorization", "Bearer the-key"};

    @RegisterExtension
    static final GatewayExtension app =
            GatewayExtension.withEnv(
                    Map.of(
                            "API_KEYS", "the-key",
                            "MAX_OPEN_UPLOADS", "1",
                            "MAX_UPLOADS_PER_KEY", "1"));

    @Test
    void limitsHoldForResumableUploads() throws Exception {
        TestGateway gateway = app.gateway();
        TusClient tus = new TusClient(gateway.uri("/"), KEY);
        HttpResponse<String> first = tus.create(CSV.length, "one.csv", null);
        assertThat(first.statusCode()).isEqualTo(201);
        String upload = TusClient.location(first);
        String id = upload.substring(upload.lastIndexOf('/') + 1);

        HttpResponse<String> second = tus.create(CSV.length, "two.csv", null);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(json(second).get("code").asText()).isEqualTo("too_many_open_uploads");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();

        // a PATCH that sends holds this key's one upload slot
        try (Socket sending = tus.startPatch(upload, 0, CSV, 10, CSV.length)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> {
                                java.nio.file.Path data =
                                        gateway.storage().resolve("tus/uploads/" + id + "/data");
                                return Files.exists(data) && Files.size(data) == 10;
                            });
            HttpResponse<String> patch = tus.patch(upload, 10, new byte[] {'x'});
            assertThat(patch.statusCode()).isEqualTo(429);
            assertThat(json(patch).get("code").asText()).isEqualTo("too_many_uploads");
            HttpResponse<String> post = gateway.uploadRaw("", CSV, KEY);
            assertThat(post.statusCode()).isEqualTo(429);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tus.offset(upload) == 10);
        assertThat(tus.delete(upload).statusCode()).isEqualTo(204);
        // once the terminated upload's thread has ended, another may start
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tus.create(CSV.length, "three.csv", null).statusCode() == 201);
    }
}

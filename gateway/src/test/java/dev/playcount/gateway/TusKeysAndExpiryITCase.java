package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.gateway.testing.TusClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resumable uploads under API keys (an upload is its creator's: others get 404), the size limit at
 * creation, and expiry: an upload left alone for UPLOAD_TTL is deleted by the cleanup.
 */
class TusKeysAndExpiryITCase {

    private static final byte[] CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final GatewayExtension app =
            GatewayExtension.withEnv(
                    Map.of(
                            "API_KEYS", "alice-key,bob-key",
                            "UPLOAD_TTL", "2s",
                            "CLEANUP_INTERVAL", "300ms",
                            "MAX_UPLOAD_SIZE", "1MiB",
                            "ALLOWED_ORIGINS", "https://app.example.com"));

    static TestGateway gateway;
    static TusClient alice;
    static TusClient bob;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
        alice = new TusClient(gateway.uri("/"), "Authorization", "Bearer alice-key");
        bob = new TusClient(gateway.uri("/"), "Authorization", "Bearer bob-key");
    }

    @Test
    void anotherKeyCannotSeeOrResumeTheUpload() throws Exception {
        HttpResponse<String> created = alice.create(CSV.length, "mine.csv", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String upload = TusClient.location(created);
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        assertThat(alice.patch(upload, 0, new byte[] {'S'}).statusCode()).isEqualTo(204);

        assertThat(bob.head(upload).statusCode()).isEqualTo(404);
        HttpResponse<String> patch = bob.patch(upload, 1, new byte[] {'o'});
        assertThat(patch.statusCode()).isEqualTo(404);
        assertThat(json(patch).get("code").asText()).isEqualTo("upload_not_found");
        assertThat(bob.delete(upload).statusCode()).isEqualTo(404);
        assertThat(
                        gateway.get(
                                        API + "/tasks/" + id + "/status",
                                        "Authorization",
                                        "Bearer bob-key")
                                .statusCode())
                .isEqualTo(404);
        assertThat(new TusClient(gateway.uri("/")).head(upload).statusCode()).isEqualTo(401);
        // discovery needs no key: it tells nothing of anyone's uploads
        assertThat(new TusClient(gateway.uri("/")).options().statusCode()).isIn(200, 204);

        assertThat(alice.offset(upload)).isEqualTo(1);
        assertThat(alice.delete(upload).statusCode()).isEqualTo(204);
    }

    @Test
    void anAllowedOriginsPageMayUseTusAndReadItsHeaders() throws Exception {
        String origin = "https://app.example.com";
        HttpResponse<String> preflight =
                gateway.send(
                        java.net.http.HttpRequest.newBuilder(gateway.uri(TusClient.UPLOADS))
                                .method(
                                        "OPTIONS",
                                        java.net.http.HttpRequest.BodyPublishers.noBody())
                                .header("Origin", origin)
                                .header("Access-Control-Request-Method", "POST")
                                .header(
                                        "Access-Control-Request-Headers",
                                        "authorization,tus-resumable,upload-length"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
                .contains("PATCH", "HEAD", "DELETE");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("Authorization", "Upload-Length", "Upload-Offset", "Upload-Metadata");

        HttpResponse<String> created =
                alice.create(
                        "Origin",
                        origin,
                        "Upload-Length",
                        Integer.toString(CSV.length),
                        "Upload-Metadata",
                        TusClient.metadata(Map.of("filename", "cors.csv")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
        assertThat(created.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains(
                        "Location",
                        "Tus-Resumable",
                        "Upload-Offset",
                        "Upload-Length",
                        "Upload-Expires");
        // another site's page is refused as for every change
        HttpResponse<String> other =
                alice.create(
                        "Origin",
                        "https://evil.example.com",
                        "Upload-Length",
                        Integer.toString(CSV.length));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(alice.delete(TusClient.location(created)).statusCode()).isEqualTo(204);
        assertThat(gateway.get("/api/v1/docs/openapi.json").body())
                .contains("/api/v1/file-processing/uploads/{id}", "createUpload");
    }

    @Test
    void uploadOverTheSizeLimitIsRefusedAtCreation() throws Exception {
        HttpResponse<String> created = alice.create(2L << 20, "big.csv", null);
        assertThat(created.statusCode()).isEqualTo(413);
        assertThat(json(created).get("code").asText()).isEqualTo("upload_too_large");
    }

    @Test
    void anUploadLeftAloneExpiresAndTheCleanupDeletesIt() throws Exception {
        HttpResponse<String> created = alice.create(CSV.length, "left.csv", "skip");
        String upload = TusClient.location(created);
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        HttpResponse<String> patch = alice.patch(upload, 0, java.util.Arrays.copyOf(CSV, 30));
        assertThat(patch.statusCode()).isEqualTo(204);
        assertThat(patch.headers().firstValue("Upload-Expires")).isPresent();
        String status = API + "/tasks/" + id + "/status";
        assertThat(
                        json(gateway.get(status, "Authorization", "Bearer alice-key"))
                                .get("task")
                                .get("invalidRowPolicy")
                                .asText())
                .isEqualTo("skip");

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                alice.head(upload).statusCode() == 404
                                        && !Files.exists(
                                                gateway.storage().resolve("tus/uploads/" + id))
                                        && !Files.exists(gateway.files().partialUpload(id)));
        assertThat(gateway.get(status, "Authorization", "Bearer alice-key").statusCode())
                .isEqualTo(404);
        assertThat(alice.patch(upload, 30, new byte[] {'x'}).statusCode()).isEqualTo(404);
    }
}

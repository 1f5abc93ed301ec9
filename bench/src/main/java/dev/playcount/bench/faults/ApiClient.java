package dev.playcount.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The gateway's HTTP API as a client uses it; every call bounded by a timeout. */
final class ApiClient {

    private static final String API = "/api/v1/file-processing";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ApiClient(URI base) {
        this.base = base;
    }

    boolean healthy() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("/health")), 5).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Uploads a file raw, invalid rows skipped; a retry with the same key returns the first task.
     *
     * @return the task's id
     * @throws IOException when the upload was cut or refused (the client's to retry)
     */
    String upload(Path file, String idempotencyKey) throws IOException {
        String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                base.resolve(API + "/tasks?invalidRows=skip&filename=" + name))
                        .header("Content-Type", "text/csv")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofFile(file));
        HttpResponse<String> response = send(request, 300);
        if (response.statusCode() != 202) {
            throw new IOException(
                    "upload answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("task").get("id").asText();
    }

    /** The task as the API shows it, or empty while the gateway does not answer. */
    Optional<JsonNode> task(String id) {
        try {
            HttpResponse<String> r =
                    send(
                            HttpRequest.newBuilder(base.resolve(API + "/tasks/" + id + "/status")),
                            10);
            return r.statusCode() == 200
                    ? Optional.of(JSON.readTree(r.body()).get("task"))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Downloads the result to {@code out}; fails unless the gateway answers 200. */
    void download(String id, Path out) throws IOException {
        HttpResponse<Path> r;
        try {
            r =
                    http.send(
                            HttpRequest.newBuilder(base.resolve(API + "/tasks/" + id + "/download"))
                                    .timeout(Duration.ofSeconds(300))
                                    .build(),
                            HttpResponse.BodyHandlers.ofFile(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() != 200) {
            throw new IOException("download answered " + r.statusCode());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int timeoutSeconds)
            throws IOException {
        try {
            return http.send(
                    request.timeout(Duration.ofSeconds(timeoutSeconds)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

package dev.playcount.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** The task API of a gateway in another process, over real HTTP, as a client calls it. */
public final class ApiClient {

    public static final String API = "/api/v1/file-processing";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    public ApiClient(URI base) {
        this.base = base;
    }

    /** Waits until {@code /health} answers 200; fails early when the process exited. */
    void awaitHealthy(Duration timeout, RoleProcess process) {
        await().alias(process + " answers /health")
                .atMost(timeout)
                .ignoreExceptions()
                .until(
                        () -> {
                            assertThat(process.isAlive()).as(process.log()).isTrue();
                            return get("/health").statusCode() == 200;
                        });
    }

    /** POSTs the file as a raw text/csv body; returns the new task's id (asserting the 202). */
    public String upload(Path csv) throws Exception {
        HttpResponse<String> created =
                send(
                        HttpRequest.newBuilder(base.resolve(API + "/tasks"))
                                .header("Content-Type", "text/csv")
                                .POST(HttpRequest.BodyPublishers.ofFile(csv)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return JSON.readTree(created.body()).get("task").get("id").asText();
    }

    /** The task as {@code GET .../status} shows it. */
    public JsonNode task(String id) throws Exception {
        HttpResponse<String> status = get(API + "/tasks/" + id + "/status");
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        return JSON.readTree(status.body()).get("task");
    }

    /** Polls the task until its status is one of {@code statuses}; returns the task then. */
    public JsonNode awaitStatus(String id, Duration timeout, String... statuses) {
        List<String> wanted = Arrays.asList(statuses);
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                last.set(task(id));
                                return last.get();
                            },
                            t -> wanted.contains(t.get("status").asText()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "task " + id + " did not reach " + wanted + ": " + last.get(), e);
        }
    }

    /** {@code DELETE /tasks/ID}: cancels the task. */
    public HttpResponse<String> cancel(String id) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(API + "/tasks/" + id)).DELETE());
    }

    /** Downloads the task's result into {@code to} (asserting the 200); returns {@code to}. */
    public Path download(String id, Path to) throws Exception {
        HttpResponse<Path> response =
                http.send(
                        HttpRequest.newBuilder(base.resolve(API + "/tasks/" + id + "/download"))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(to));
        assertThat(response.statusCode()).as("download of task %s", id).isEqualTo(200);
        return response.body();
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return http.send(
                request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every endpoint's success path over real HTTP, with the real driver and broker behind it. */
class TaskApiITCase {

    private static final String CSV =
            "Song,Date,Number of Plays\r\nUmbrella,2020-01-02,200\r\n"
                    + "\"Take Me Home, Country Roads\",2020-01-01,100\n";

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withEnv(Map.of());

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
    }

    @Test
    void multipartUploadIsStoredRecordedAndQueued() throws Exception {
        byte[] body = CSV.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response =
                gateway.upload("?invalidRows=skip", "file", "plays.csv", body);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode task = json(response).get("task");
        String id = task.get("id").asText();
        String next = API + "/tasks/" + id + "/status";
        assertThat(json(response).get("next").asText()).isEqualTo(next);
        assertThat(response.headers().firstValue("Location")).contains(next);
        assertThat(task.get("status").asText()).isEqualTo("QUEUED");
        assertThat(task.get("invalidRowPolicy").asText()).isEqualTo("skip");
        assertThat(task.get("input").get("name").asText()).isEqualTo("plays.csv");
        assertThat(task.get("input").get("bytes").asLong()).isEqualTo(body.length);
        assertThat(task.get("input").get("sha256").asText()).isEqualTo(sha256(body));
        assertThat(task.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(task.has("owner")).isFalse();

        assertThat(Files.readAllBytes(gateway.files().input(id))).isEqualTo(body);
        assertThat(gateway.tasks().find().first()).isNotNull();
        List<String> requests = app.broker().take(gateway.queue(), 10, Duration.ofSeconds(5));
        assertThat(requests).contains("{\"taskId\":\"" + id + "\"}");
        assertThat(
                        gateway.tasks()
                                .find(new org.bson.Document("_id", id))
                                .first()
                                .getBoolean("queued"))
                .isTrue();
    }

    @Test
    void rawCsvBodyIsAccepted() throws Exception {
        HttpResponse<String> response =
                gateway.uploadRaw("?filename=raw.csv", CSV.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode task = json(response).get("task");
        assertThat(task.get("input").get("name").asText()).isEqualTo("raw.csv");
        assertThat(task.get("invalidRowPolicy").asText()).isEqualTo("fail");
        assertThat(Files.readString(gateway.files().input(task.get("id").asText()))).isEqualTo(CSV);
    }

    @Test
    void statusOfAnUnknownTaskIs404WithTheErrorBody() throws Exception {
        HttpResponse<String> response =
                gateway.get(API + "/tasks/8a2f4c1e-0000-4000-8000-000000000000/status");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("code").asText()).isEqualTo("task_not_found");
        assertThat(json(response).get("message").asText()).contains("8a2f4c1e");
        assertThat(json(response).get("details").isArray()).isTrue();
    }

    @Test
    void downloadWaitsWithConflictThenServesRangesAndMarksDownloaded() throws Exception {
        String id = uploaded();
        HttpResponse<String> early = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(early).get("task").get("status").asText()).isEqualTo("QUEUED");
        assertThat(json(early).get("next").asText()).endsWith("/tasks/" + id + "/status");

        String result = "Song,Date,Total Number of Plays for Date\nUmbrella,2020-01-02,200\n";
        gateway.complete(id, result, null, 2);

        HttpResponse<String> head =
                gateway.get(API + "/tasks/" + id + "/download", "Range", "bytes=0-9");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.body()).isEqualTo(result.substring(0, 10));
        assertThat(head.headers().firstValue("Content-Range"))
                .contains("bytes 0-9/" + result.length());
        assertThat(status(id)).isEqualTo("COMPLETED");

        HttpResponse<String> rest =
                gateway.get(API + "/tasks/" + id + "/download", "Range", "bytes=10-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(head.body() + rest.body()).isEqualTo(result);
        assertThat(status(id)).isEqualTo("DOWNLOADED");

        HttpResponse<String> again = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(result);
        assertThat(again.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).contains("results.csv"));
        assertThat(again.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));

        HttpResponse<String> outside =
                gateway.get(API + "/tasks/" + id + "/download", "Range", "bytes=999-");
        assertThat(outside.statusCode()).isEqualTo(416);
    }

    @Test
    void brokenDownloadLeavesTheTaskCompleted() throws Exception {
        String id = uploaded();
        StringBuilder big = new StringBuilder("Song,Date,Total Number of Plays for Date\n");
        while (big.length() < (16 << 20)) {
            big.append("Umbrella,2020-01-02,200\n");
        }
        gateway.complete(id, big.toString(), null, 1);
        long downloadsServed = gateway.requestsServed("GET", API + "/tasks/{id}/download");

        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", gateway.uri("/").getPort())) {
            socket.getOutputStream()
                    .write(
                            ("GET "
                                            + API
                                            + "/tasks/"
                                            + id
                                            + "/download HTTP/1.1\r\n"
                                            + "Host: 127.0.0.1\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readNBytes(64 << 10);
            socket.setSoLinger(true, 0); // reset: the transfer is broken, not finished
        }
        // the request is counted once its handler returned, having decided on the status
        await().until(
                        () -> gateway.requestsServed("GET", API + "/tasks/{id}/download"),
                        n -> n == downloadsServed + 1);

        assertThat(status(id)).isEqualTo("COMPLETED");
        HttpResponse<String> full = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(full.body()).hasSize(big.length());
        assertThat(status(id)).isEqualTo("DOWNLOADED");
    }

    @Test
    void expiredResultIsGone() throws Exception {
        String id = uploaded();
        gateway.setField(id, "status", "EXPIRED");

        HttpResponse<String> response = gateway.get(API + "/tasks/" + id + "/download");

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(json(response).get("code").asText()).isEqualTo("expired");
    }

    @Test
    void rejectsOfASkipTaskDownload() throws Exception {
        String id =
                json(gateway.upload(
                                "?invalidRows=skip",
                                "file",
                                "p.csv",
                                CSV.getBytes(StandardCharsets.UTF_8)))
                        .get("task")
                        .get("id")
                        .asText();
        String rejects = "Line,Reason,Row\n3,Date is not a valid date,\"x,2020-13-01,1\"\n";
        gateway.complete(id, "Song,Date,Total Number of Plays for Date\n", rejects, 3);

        HttpResponse<String> response = gateway.get(API + "/tasks/" + id + "/rejects");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(rejects);

        String failTask = uploaded();
        HttpResponse<String> none = gateway.get(API + "/tasks/" + failTask + "/rejects");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(json(none).get("message").asText()).contains("invalidRows=fail");
    }

    @Test
    void cancelMarksCancelledAndDeletesTheFiles() throws Exception {
        String id = uploaded();
        assertThat(gateway.files().input(id)).exists();

        HttpResponse<String> response = gateway.delete(API + "/tasks/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("task").get("status").asText()).isEqualTo("CANCELLED");
        assertThat(json(response).get("task").get("finishedAt").isNull()).isFalse();
        assertThat(gateway.files().input(id)).doesNotExist();
        assertThat(status(id)).isEqualTo("CANCELLED");

        HttpResponse<String> again = gateway.delete(API + "/tasks/" + id);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("code").asText()).isEqualTo("not_cancellable");
    }

    @Test
    void listIsNewestFirstPagedAndFilteredByStatus() throws Exception {
        String first = uploaded();
        afterCreationOf(first);
        String second = uploaded();
        afterCreationOf(second);
        String third = uploaded();
        gateway.setField(second, "status", "FAILED");

        JsonNode page1 = json(gateway.get(API + "/tasks?pageSize=2"));
        assertThat(page1.get("tasks")).hasSize(2);
        assertThat(page1.get("tasks").get(0).get("id").asText()).isEqualTo(third);
        assertThat(page1.get("tasks").get(1).get("id").asText()).isEqualTo(second);
        assertThat(page1.get("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(page1.get("next").asText()).contains("page=2");

        JsonNode page2 = json(gateway.get(page1.get("next").asText()));
        assertThat(page2.get("tasks").get(0).get("id").asText()).isEqualTo(first);

        JsonNode failed = json(gateway.get(API + "/tasks?status=failed"));
        assertThat(failed.get("tasks"))
                .allSatisfy(t -> assertThat(t.get("status").asText()).isEqualTo("FAILED"));
        assertThat(failed.get("tasks").findValuesAsText("id")).contains(second);

        HttpResponse<String> bad = gateway.get(API + "/tasks?status=DONE");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("message").asText()).contains("status must be one of");
    }

    @Test
    void idempotencyKeyReturnsTheFirstTask() throws Exception {
        byte[] body = CSV.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> first = gateway.uploadRaw("", body, "Idempotency-Key", "retry-me-1");
        long tasksBefore = gateway.taskCount();
        HttpResponse<String> retry = gateway.uploadRaw("", body, "Idempotency-Key", "retry-me-1");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(json(retry).get("task").get("id").asText())
                .isEqualTo(json(first).get("task").get("id").asText());
        assertThat(gateway.taskCount()).isEqualTo(tasksBefore);
    }

    @Test
    void healthReadyAndMetrics() throws Exception {
        assertThat(gateway.get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = gateway.get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("checks").get("mongodb").asText()).isEqualTo("UP");
        assertThat(json(ready).get("checks").get("broker").asText()).isEqualTo("UP");

        uploaded();
        HttpResponse<String> metrics = gateway.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("playcount_upload_bytes_total")
                .contains("playcount_tasks{status=\"QUEUED\"}")
                .contains(
                        "http_server_requests_seconds_count{method=\"POST\",route=\""
                                + API
                                + "/tasks\",status=\"202\"}")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void openApiDocumentDescribesEveryEndpointAndSwaggerUiIsServed() throws Exception {
        HttpResponse<String> doc = gateway.get("/api/v1/docs/openapi.json");
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = json(doc).get("paths");
        assertThat(paths.has(API + "/tasks")).isTrue();
        assertThat(paths.get(API + "/tasks").has("post")).isTrue();
        assertThat(paths.get(API + "/tasks").has("get")).isTrue();
        assertThat(paths.get(API + "/tasks/{id}").has("delete")).isTrue();
        assertThat(paths.has(API + "/tasks/{id}/status")).isTrue();
        assertThat(paths.has(API + "/tasks/{id}/download")).isTrue();
        assertThat(paths.has(API + "/tasks/{id}/rejects")).isTrue();
        assertThat(paths.has("/ready")).isTrue();
        JsonNode progress = json(doc).at("/components/schemas/ProgressView/properties");
        assertThat(progress.get("phase").get("description").asText())
                .contains("reading", "summing", "writing");
        assertThat(progress.has("phasePercent")).isTrue();
        assertThat(progress.has("percent")).isTrue();

        HttpResponse<String> ui = gateway.get("/api/v1/docs/swagger");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui").contains("/api/v1/docs/openapi.json");
    }

    private String uploaded() throws Exception {
        HttpResponse<String> response = gateway.uploadRaw("", CSV.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(202);
        return json(response).get("task").get("id").asText();
    }

    /** Waits until the clock is past the task's creation, so that the next task is newer. */
    private void afterCreationOf(String id) throws Exception {
        Instant created =
                Instant.parse(
                        json(gateway.get(API + "/tasks/" + id + "/status"))
                                .get("task")
                                .get("createdAt")
                                .asText());
        // the store keeps milliseconds: the next task must fall in a later one
        await().until(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(created));
    }

    private String status(String id) throws Exception {
        return json(gateway.get(API + "/tasks/" + id + "/status"))
                .get("task")
                .get("status")
                .asText();
    }

    static String sha256(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
}

package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playcount.gateway.testing.ExactResult;
import dev.playcount.gateway.testing.FlinkRest;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.SocketUpload;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job starts before the last byte, over real HTTP with a real job: an upload held open halfway
 * until its Flink job runs gives the whole file's result; one cut off leaves no task, no job and no
 * file; a bad row under {@code invalidRows=fail} ends the upload with a 400 while it still runs.
 */
class StreamingUploadITCase {

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withLauncher();

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static TestGateway gateway;
    static FlinkRest flink;

    @BeforeAll
    static void setUp() {
        gateway = app.gateway();
        flink = new FlinkRest(gateway.flinkRestUrl());
    }

    /** Well over the first part the gateway stores before it queues the task (1 MiB). */
    private static byte[] csv(long seed) throws Exception {
        Path file =
                new TestCsv(seed)
                        .withBlankLines(0.02)
                        .write(dir.resolve("in-" + seed + ".csv"), 120_000, 3_000, 30);
        return Files.readAllBytes(file);
    }

    private static SocketUpload start(String name, String query, long length) throws Exception {
        return SocketUpload.start(gateway.uri(API + "/tasks?filename=" + name + query), length);
    }

    /** The task of the upload named {@code name}, once it is listed (it is, while it uploads). */
    private static JsonNode awaitListed(String name) {
        return await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            for (JsonNode t : json(gateway.get(API + "/tasks")).path("tasks")) {
                                if (t.path("input").path("name").asText().equals(name)) {
                                    return t;
                                }
                            }
                            return null;
                        },
                        t -> t != null);
    }

    /** Waits until the task's Flink job runs, and returns the task then. */
    private static JsonNode awaitJobRunning(String id, List<JsonNode> seen) {
        return await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            JsonNode t = json(gateway.get(API + "/tasks/" + id + "/status"));
                            seen.add(t.get("task"));
                            String job = t.get("task").path("flinkJobId").asText("");
                            return !job.isEmpty()
                                            && !job.equals("null")
                                            && flink.statesOf(job).contains("RUNNING")
                                    ? t.get("task")
                                    : null;
                        },
                        t -> t != null);
    }

    private static void assertNothingLeft(String id, String jobId) throws Exception {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(
                        () -> {
                            assertThat(gateway.get(API + "/tasks/" + id + "/status").statusCode())
                                    .as("no task")
                                    .isEqualTo(404);
                            assertThat(flink.statesOf(jobId))
                                    .as("no job running")
                                    .doesNotContain("RUNNING", "CREATED", "CANCELLING");
                            try (var files = Files.walk(gateway.storage())) {
                                assertThat(files.filter(p -> p.toString().contains(id)).toList())
                                        .as("no file")
                                        .isEmpty();
                            }
                        });
    }

    @Test
    void anUploadHeldOpenUntilItsJobRunsGivesTheWholeFilesResult() throws Exception {
        byte[] bytes = csv(1);
        String name = "held-" + UUID.randomUUID() + ".csv";
        int half = bytes.length / 2;
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        String response;
        long lastByteAt;
        String id;
        try (SocketUpload upload = start(name, "", bytes.length)) {
            upload.send(bytes, 0, half);
            id = awaitListed(name).get("id").asText();
            JsonNode running = awaitJobRunning(id, seen);
            assertThat(running.get("input").get("sha256").isNull())
                    .as("the file is still arriving")
                    .isTrue();
            upload.send(bytes, half, bytes.length);
            lastByteAt = System.currentTimeMillis();
            response = upload.response();
        }
        assertThat(response).startsWith("HTTP/1.1 202");
        JsonNode answered = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(answered.get("task").get("input").get("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(seen)
                .as("while it uploads, the task is queued or running, uploading or reading")
                .allSatisfy(
                        t -> {
                            assertThat(t.get("status").asText()).isIn("QUEUED", "IN_PROGRESS");
                            assertThat(t.get("progress").get("phase").asText())
                                    .isIn("uploading", "reading", "null");
                        });

        List<JsonNode> after = gateway.awaitStatus(id, TIMEOUT, "COMPLETED", "FAILED");
        JsonNode task = after.get(after.size() - 1);
        String jobId = task.get("flinkJobId").asText();
        long jobStart = flink.get("/jobs/" + jobId).get("start-time").asLong();
        assertThat(jobStart).as("the job started before the last byte").isLessThan(lastByteAt);
        HttpResponse<String> download = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(download.statusCode()).as(download.body()).isEqualTo(200);
        Path result = dir.resolve("held-result.csv");
        Files.writeString(result, download.body(), StandardCharsets.UTF_8);
        Path whole = dir.resolve("held-whole.csv");
        Files.write(whole, bytes);
        ExactResult.assertExact(task, result, Oracle.aggregate(whole));
        assertThat(task.get("input").get("sha256").asText())
                .isEqualTo(dev.playcount.core.io.Sha256.of(bytes));
    }

    @Test
    void anUploadCutOffWhileItsJobRunsLeavesNoTaskNoJobAndNoFile() throws Exception {
        byte[] bytes = csv(2);
        String name = "cut-" + UUID.randomUUID() + ".csv";
        String id;
        String jobId;
        SocketUpload upload = start(name, "", bytes.length);
        try {
            upload.send(bytes, 0, bytes.length / 2);
            id = awaitListed(name).get("id").asText();
            jobId = awaitJobRunning(id, new CopyOnWriteArrayList<>()).get("flinkJobId").asText();
        } finally {
            upload.cutOff();
        }

        assertNothingLeft(id, jobId);
    }

    @Test
    void aBadRowUnderFailEndsTheUploadWithItsLineWhileItStillRuns() throws Exception {
        byte[] good = csv(3);
        int cut = recordEndAfter(good, good.length / 2);
        Path before = dir.resolve("before-bad.csv");
        Files.write(before, java.util.Arrays.copyOf(good, cut));
        long badLine = lines(before) + 1;
        byte[] bad = "Umbrella,2020-02-30,7\n".getBytes(StandardCharsets.UTF_8);
        String name = "bad-" + UUID.randomUUID() + ".csv";
        String response;
        try (SocketUpload upload =
                start(name, "&invalidRows=fail", (long) cut + bad.length + good.length)) {
            upload.send(good, 0, cut);
            upload.send(bad, 0, bad.length);
            // the rest of the body never comes: the answer arrives while the upload is open
            response = upload.response();
        }

        assertThat(response).startsWith("HTTP/1.1 400");
        JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(error.get("code").asText()).isEqualTo("invalid_row");
        assertThat(error.get("message").asText()).startsWith("line " + badLine + ": ");
        assertThat(error.get("details").toString()).contains("line " + badLine);
        JsonNode listed = null;
        for (JsonNode t : json(gateway.get(API + "/tasks")).path("tasks")) {
            if (t.path("input").path("name").asText().equals(name)) {
                listed = t;
            }
        }
        assertThat(listed).as("no task is left of a refused upload").isNull();
    }

    @Test
    void aTaskCancelledWhileItsFileUploadsEndsTheUploadAndItsJob() throws Exception {
        byte[] bytes = csv(4);
        String name = "cancelled-" + UUID.randomUUID() + ".csv";
        String response;
        String id;
        String jobId;
        try (SocketUpload upload = start(name, "", bytes.length)) {
            upload.send(bytes, 0, bytes.length / 2);
            id = awaitListed(name).get("id").asText();
            jobId = awaitJobRunning(id, new CopyOnWriteArrayList<>()).get("flinkJobId").asText();

            HttpResponse<String> cancel = gateway.delete(API + "/tasks/" + id);
            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
            // the rest of the body never comes: the gateway ends the upload itself
            response = upload.response();
        }

        assertThat(response).startsWith("HTTP/1.1 409");
        JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(error.get("code").asText()).isEqualTo("cancelled");
        // cancelled by the launcher, or failed first on finding its input deleted: ended either way
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> flink.statesOf(jobId),
                        states ->
                                states.size() == 1
                                        && List.of("CANCELED", "FAILED").containsAll(states));
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            try (var files = Files.walk(gateway.storage())) {
                                assertThat(files.filter(p -> p.toString().contains(id)).toList())
                                        .as("no file")
                                        .isEmpty();
                            }
                        });
        assertThat(
                        json(gateway.get(API + "/tasks/" + id + "/status"))
                                .get("task")
                                .get("status")
                                .asText())
                .isEqualTo("CANCELLED");
    }

    /** The number of lines before the end of a file whose last record ends with a line feed. */
    private static long lines(Path file) throws Exception {
        long lineFeeds = 0;
        for (byte b : Files.readAllBytes(file)) {
            lineFeeds += b == '\n' ? 1 : 0;
        }
        return lineFeeds;
    }

    /** The offset just after the first line feed outside quotes at or after {@code from}. */
    private static int recordEndAfter(byte[] bytes, int from) {
        boolean insideQuotes = false;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '"') {
                insideQuotes = !insideQuotes;
            } else if (bytes[i] == '\n' && !insideQuotes && i + 1 >= from) {
                return i + 1;
            }
        }
        return bytes.length;
    }
}

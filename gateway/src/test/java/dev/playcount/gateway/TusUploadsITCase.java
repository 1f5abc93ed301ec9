package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.ExactResult;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.gateway.testing.TusClient;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumable uploads over real HTTP (tus 1.0 by hand): pieces, cut connections resumed from the
 * offset, checksums, termination, a refused header; a completed upload's task runs on the embedded
 * cluster and its result matches the oracle.
 */
class TusUploadsITCase {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final byte[] SMALL =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\nUmbrella,2020-01-02,100\n"
                    .getBytes(StandardCharsets.UTF_8);

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withLauncher();

    @TempDir static Path dir;
    static TestGateway gateway;
    static TusClient tus;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
        tus = new TusClient(gateway.uri("/"));
    }

    @Test
    void optionsAdvertisesTheExtensions() throws Exception {
        HttpResponse<String> options = tus.options();
        assertThat(options.statusCode()).isIn(200, 204);
        assertThat(options.headers().firstValue("Tus-Version")).contains("1.0.0");
        assertThat(options.headers().firstValue("Tus-Extension").orElseThrow())
                .contains("creation", "expiration", "checksum", "termination")
                .doesNotContain("concatenation");
    }

    @Test
    void brokenUploadResumedTwiceCompletesWithTheOraclesResult() throws Exception {
        Path input = new TestCsv(41).write(dir.resolve("resumed.csv"), 120_000, 4_000, 10);
        byte[] bytes = Files.readAllBytes(input);
        HttpResponse<String> created = tus.create(bytes.length, "resumed.csv", "fail");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Upload-Expires")).isPresent();
        String upload = TusClient.location(created);
        String id = upload.substring(upload.lastIndexOf('/') + 1);

        // the first third in one PATCH, then a PATCH cut after another third, twice
        int third = bytes.length / 3;
        HttpResponse<String> first = tus.patch(upload, 0, Arrays.copyOfRange(bytes, 0, third / 2));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
        assertThat(first.headers().firstValue("Upload-Offset")).contains(Long.toString(third / 2));
        // under the first MiB no task is recorded yet: the status shows the upload
        JsonNode uploading = json(gateway.get(API + "/tasks/" + id + "/status")).get("task");
        assertThat(uploading.get("status").asText()).isEqualTo("QUEUED");
        assertThat(uploading.get("progress").get("phase").asText()).isEqualTo("uploading");
        assertThat(uploading.get("progress").get("phasePercent").asDouble()).isBetween(16.0, 17.0);
        cutAt(upload, id, bytes, third);
        cutAt(upload, id, bytes, 2 * third);

        // past it the task is recorded, and its job may already read what arrived
        JsonNode streaming = json(gateway.get(API + "/tasks/" + id + "/status")).get("task");
        assertThat(streaming.get("status").asText()).isIn("QUEUED", "IN_PROGRESS");
        assertThat(streaming.get("progress").get("phase").asText()).isIn("uploading", "reading");
        assertThat(streaming.get("input").get("sha256").isNull()).as("not complete").isTrue();

        long offset = tus.offset(upload);
        assertThat(offset).isEqualTo(2 * third);
        HttpResponse<String> last =
                tus.patch(upload, offset, Arrays.copyOfRange(bytes, (int) offset, bytes.length));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
        assertThat(last.headers().firstValue("Upload-Offset"))
                .contains(Long.toString(bytes.length));

        List<JsonNode> seen = gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED");
        JsonNode task = seen.get(seen.size() - 1);
        assertThat(task.get("id").asText()).isEqualTo(id);
        assertThat(task.get("input").get("name").asText()).isEqualTo("resumed.csv");
        assertThat(task.get("input").get("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(task.get("input").get("sha256").asText()).isEqualTo(sha256(bytes));
        Path result = dir.resolve("resumed-result.csv");
        HttpResponse<String> download = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(download.statusCode()).isEqualTo(200);
        Files.writeString(result, download.body(), StandardCharsets.UTF_8);
        ExactResult.assertExact(task, result, Oracle.aggregate(input));
        await().atMost(Duration.ofSeconds(10)).until(() -> !tusFiles(id));
    }

    /** Sends up to {@code to} in a PATCH whose connection is then closed; resumes from HEAD. */
    private static void cutAt(String upload, String id, byte[] bytes, int to) throws Exception {
        long from = tus.offset(upload);
        byte[] rest = Arrays.copyOfRange(bytes, (int) from, bytes.length);
        try (Socket socket = tus.startPatch(upload, from, rest, (int) (to - from), rest.length)) {
            // cut only once the server holds what was sent: its offset is then exactly `to`
            await().atMost(Duration.ofSeconds(10)).until(() -> dataSize(id) >= to);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> tus.head(upload).headers().firstValue("Upload-Offset"),
                        o -> o.isPresent() && Long.parseLong(o.get()) == to);
    }

    @Test
    void requestsWhileAPatchStillSendsAreToldToRetryNeverA5xx() throws Exception {
        byte[] bytes =
                Files.readAllBytes(
                        new TestCsv(44).write(dir.resolve("locked.csv"), 20_000, 1_000, 10));
        String upload = TusClient.location(tus.create(bytes.length, "locked.csv", null));
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        int half = bytes.length / 2;
        try (Socket sending = tus.startPatch(upload, 0, bytes, half, bytes.length)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> dataSize(id) >= half);
            // a client that lost its connection asks again while the server still holds the
            // PATCH: a tus client retries a 423, but starts the upload afresh on a 5xx
            for (int i = 0; i < 5; i++) {
                assertThat(tus.head(upload).statusCode()).isIn(204, 423);
                HttpResponse<String> again =
                        tus.patch(upload, half, Arrays.copyOfRange(bytes, half, bytes.length));
                assertThat(again.statusCode()).as(again.body()).isIn(409, 423);
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> tus.head(upload).headers().firstValue("Upload-Offset"),
                        o -> o.isPresent() && Long.parseLong(o.get()) == half);
        long offset = tus.offset(upload);
        HttpResponse<String> last =
                tus.patch(upload, offset, Arrays.copyOfRange(bytes, (int) offset, bytes.length));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
        List<JsonNode> seen = gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED");
        assertThat(seen.get(seen.size() - 1).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void checksumMismatchIsRefusedAndTheBytesDropped() throws Exception {
        HttpResponse<String> created = tus.create(SMALL.length, "sum.csv", null);
        String upload = TusClient.location(created);
        byte[] half = Arrays.copyOf(SMALL, 30);
        HttpResponse<String> wrong =
                tus.patch(upload, 0, half, "Upload-Checksum", "sha1 " + sha1(new byte[] {1, 2, 3}));
        assertThat(wrong.statusCode()).isEqualTo(460);
        assertThat(json(wrong).get("code").asText()).isEqualTo("checksum_mismatch");
        assertThat(tus.offset(upload)).isZero();
        HttpResponse<String> right =
                tus.patch(upload, 0, half, "Upload-Checksum", "sha1 " + sha1(half));
        assertThat(right.statusCode()).as(right.body()).isEqualTo(204);
        assertThat(tus.offset(upload)).isEqualTo(30);
        assertThat(tus.delete(upload).statusCode()).isEqualTo(204);
    }

    @Test
    void terminationDeletesTheUploadAndItsFiles() throws Exception {
        HttpResponse<String> created = tus.create(SMALL.length, "gone.csv", null);
        String upload = TusClient.location(created);
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        assertThat(tus.patch(upload, 0, Arrays.copyOf(SMALL, 40)).statusCode()).isEqualTo(204);
        assertThat(tus.delete(upload).statusCode()).isEqualTo(204);
        assertThat(tus.head(upload).statusCode()).isEqualTo(404);
        HttpResponse<String> patch = tus.patch(upload, 40, Arrays.copyOfRange(SMALL, 40, 60));
        assertThat(patch.statusCode()).isEqualTo(404);
        assertThat(json(patch).get("code").asText()).isEqualTo("upload_not_found");
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                !tusFiles(id)
                                        && !Files.exists(gateway.files().input(id))
                                        && gateway.get(API + "/tasks/" + id + "/status")
                                                        .statusCode()
                                                == 404);
    }

    @Test
    void cancellingATaskRecordedWhileItsUploadArrivesEndsTheUpload() throws Exception {
        byte[] bytes =
                Files.readAllBytes(
                        new TestCsv(43).write(dir.resolve("cancel-big.csv"), 120_000, 4_000, 10));
        String upload = TusClient.location(tus.create(bytes.length, "cancel-big.csv", null));
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        int twoMib = 2 << 20;
        assertThat(tus.patch(upload, 0, Arrays.copyOf(bytes, twoMib)).statusCode()).isEqualTo(204);
        // past the first MiB: the task is recorded while the rest is still to come
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gateway.get(API + "/tasks").body().contains(id));

        HttpResponse<String> cancel = gateway.delete(API + "/tasks/" + id);

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(json(cancel).get("task").get("status").asText()).isEqualTo("CANCELLED");
        HttpResponse<String> more =
                tus.patch(upload, twoMib, Arrays.copyOfRange(bytes, twoMib, bytes.length));
        assertThat(more.statusCode()).as("no PATCH is taken after the cancel").isNotEqualTo(204);
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                tus.head(upload).statusCode() == 404
                                        && !tusFiles(id)
                                        && !Files.exists(gateway.files().input(id)));
        JsonNode task = json(gateway.get(API + "/tasks/" + id + "/status")).get("task");
        assertThat(task.get("status").asText()).as("the cancel stays").isEqualTo("CANCELLED");
    }

    @Test
    void cancellingTheTaskOfAnUnfinishedUploadEndsIt() throws Exception {
        HttpResponse<String> created = tus.create(SMALL.length, "cancel.csv", null);
        String upload = TusClient.location(created);
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        assertThat(tus.patch(upload, 0, Arrays.copyOf(SMALL, 20)).statusCode()).isEqualTo(204);
        HttpResponse<String> cancel = gateway.delete(API + "/tasks/" + id);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(json(cancel).get("task").get("status").asText()).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                tus.head(upload).statusCode() == 404
                                        && !tusFiles(id)
                                        && !Files.exists(gateway.files().input(id)));
        assertThat(gateway.delete(API + "/tasks/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void badHeaderEndsTheUploadWithThePostsErrorBody() throws Exception {
        byte[] bad = "Song;Date;Number of Plays\nUmbrella;2020-01-02;200\n".getBytes();
        HttpResponse<String> created = tus.create(bad.length + 1000, "semi.csv", null);
        String upload = TusClient.location(created);
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        HttpResponse<String> patch = tus.patch(upload, 0, bad);
        // this PATCH, or the next request, answers the header check's 400
        assertThat(patch.statusCode()).isIn(204, 400);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tus.head(upload).statusCode(), s -> s == 400);
        HttpResponse<String> post = gateway.uploadRaw("", bad);
        assertThat(post.statusCode()).isEqualTo(400);
        HttpResponse<String> again = tus.patch(upload, bad.length, new byte[] {'x'});
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("code").asText())
                .isEqualTo(json(post).get("code").asText())
                .isEqualTo("invalid_header");
        assertThat(json(again).get("message").asText())
                .isEqualTo(json(post).get("message").asText());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !tusFiles(id) && !Files.exists(gateway.files().input(id)));
        assertThat(gateway.get(API + "/tasks/" + id + "/status").statusCode()).isEqualTo(404);
    }

    @Test
    void aSecondUploadWithTheSameIdempotencyKeyAnswersWithTheFirstTask() throws Exception {
        String key = java.util.UUID.randomUUID().toString();
        String first = completeUpload(SMALL, key);
        String second = completeUpload(SMALL, key);
        assertThat(second).isNotEqualTo(first);
        JsonNode answer = json(gateway.get(API + "/tasks/" + second + "/status")).get("task");
        assertThat(answer.get("id").asText()).isEqualTo(first);
        // the same key with another file: 422 on the last PATCH, and no task
        byte[] other =
                (new String(SMALL, StandardCharsets.UTF_8) + "Umbrella,2020-01-03,1\n")
                        .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created =
                tus.create(
                        "Upload-Length",
                        Long.toString(other.length),
                        "Upload-Metadata",
                        TusClient.metadata(Map.of("filename", "o.csv", "idempotencyKey", key)));
        String upload = TusClient.location(created);
        HttpResponse<String> last = tus.patch(upload, 0, other);
        assertThat(last.statusCode()).isEqualTo(422);
        assertThat(json(last).get("code").asText()).isEqualTo("idempotency_key_reused");
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        assertThat(gateway.get(API + "/tasks/" + id + "/status").statusCode()).isEqualTo(404);
    }

    /** Uploads {@code bytes} in one PATCH with the key; returns the upload's id. */
    private static String completeUpload(byte[] bytes, String key) throws Exception {
        HttpResponse<String> created =
                tus.create(
                        "Upload-Length",
                        Long.toString(bytes.length),
                        "Upload-Metadata",
                        TusClient.metadata(Map.of("filename", "same.csv", "idempotencyKey", key)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String upload = TusClient.location(created);
        HttpResponse<String> patch = tus.patch(upload, 0, bytes);
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(204);
        return upload.substring(upload.lastIndexOf('/') + 1);
    }

    @Test
    void aRefusalCutsThePatchStillSendingShort() throws Exception {
        byte[] bad = "Song;Date;Number of Plays\nUmbrella;2020-01-02;200\n".getBytes();
        int announced = 8 << 20;
        HttpResponse<String> created = tus.create(announced, "long-bad.csv", null);
        String upload = TusClient.location(created);
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        byte[] body = Arrays.copyOf(bad, announced);
        try (Socket socket = tus.startPatch(upload, 0, body, bad.length, announced)) {
            // the header check refuses the upload while this PATCH has sent 50 bytes of 8 MiB
            // (an unfinished upload has a status; a refused one has none)
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.get(API + "/tasks/" + id + "/status").statusCode() == 404);
            // the next bytes it sends end it: the answer comes without the rest of the body
            socket.getOutputStream().write(new byte[64 << 10]);
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            String answer =
                    new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 400");
        }
        assertThat(json(tus.patch(upload, 0, new byte[] {'x'})).get("code").asText())
                .isEqualTo("invalid_header");
    }

    @Test
    void aDeferredLengthIsGivenByALaterPatch() throws Exception {
        HttpResponse<String> created =
                tus.create(
                        "Upload-Defer-Length",
                        "1",
                        "Upload-Metadata",
                        TusClient.metadata(Map.of("filename", "deferred.csv")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String upload = TusClient.location(created);
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        assertThat(tus.patch(upload, 0, Arrays.copyOf(SMALL, 30)).statusCode()).isEqualTo(204);
        JsonNode uploading = json(gateway.get(API + "/tasks/" + id + "/status")).get("task");
        assertThat(uploading.get("progress").get("phase").asText()).isEqualTo("uploading");
        HttpResponse<String> last =
                tus.patch(
                        upload,
                        30,
                        Arrays.copyOfRange(SMALL, 30, SMALL.length),
                        "Upload-Length",
                        Integer.toString(SMALL.length));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
        JsonNode task = json(gateway.get(API + "/tasks/" + id + "/status")).get("task");
        assertThat(task.get("input").get("bytes").asLong()).isEqualTo(SMALL.length);
        assertThat(task.get("input").get("sha256").asText()).isEqualTo(sha256(SMALL));
    }

    @Test
    void creationChecksMetadataAndSize() throws Exception {
        HttpResponse<String> policy = tus.create(10, "x.csv", "maybe");
        assertThat(policy.statusCode()).isEqualTo(400);
        assertThat(json(policy).get("code").asText()).isEqualTo("invalid_parameter");
        HttpResponse<String> name = tus.create(10, "x.txt", null);
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(json(name).get("code").asText()).isEqualTo("unsupported_file_type");
        HttpResponse<String> noLength =
                tus.create("Upload-Metadata", TusClient.metadata(Map.of("filename", "a.csv")));
        assertThat(noLength.statusCode()).isEqualTo(400);
        assertThat(json(noLength).get("code").asText()).isEqualTo("invalid_tus_request");
    }

    private static boolean tusFiles(String id) {
        return Files.exists(gateway.storage().resolve("tus/uploads/" + id));
    }

    private static long dataSize(String id) throws Exception {
        Path data = gateway.storage().resolve("tus/uploads/" + id + "/data");
        return Files.exists(data) ? Files.size(data) : 0;
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha1(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(bytes));
    }
}

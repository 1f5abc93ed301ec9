package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every limit of issue 13 over real HTTP: its status, {@code Retry-After} where waiting helps, and
 * the error body. Each test uses API keys of its own, so the per-key limits do not meet.
 */
class LimitsITCase {

    private static final byte[] GOOD =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final GatewayExtension app =
            GatewayExtension.withEnv(
                    Map.ofEntries(
                            Map.entry("API_KEYS", "a,b,c,d,e,f,g,h,i,j,k,l"),
                            Map.entry("MAX_UPLOADS", "3"),
                            Map.entry("MAX_UPLOADS_PER_KEY", "2"),
                            Map.entry("MAX_DOWNLOADS", "2"),
                            Map.entry("MAX_DOWNLOADS_PER_KEY", "1"),
                            Map.entry("TASKS_PER_MINUTE", "0"),
                            Map.entry("TASKS_PER_MINUTE_PER_KEY", "3"),
                            Map.entry("MAX_UPLOAD_SIZE", "4KB"),
                            Map.entry("MAX_RUNNING_TASKS_PER_KEY", "2"),
                            Map.entry("MAX_STORED_BYTES_PER_KEY", "6000"),
                            Map.entry("IDLE_TIMEOUT", "5s")));

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
    }

    @Test
    void uploadsPastTheProcessBoundAnswer503WhileHealthIsAnswered() throws Exception {
        long served = gateway.requestsServed("POST", API + "/tasks");
        List<Socket> held = new ArrayList<>();
        try {
            for (String key : List.of("a", "b", "c")) {
                held.add(startUpload(key));
            }
            awaitUploadsReading(3);

            HttpResponse<String> refused = gateway.uploadRaw("", GOOD, auth("d"));
            assertLimit(refused, 503, "too_many_uploads", "MAX_UPLOADS");
            assertThat(gateway.get("/health").statusCode()).isEqualTo(200);
        } finally {
            closeAll(held);
        }
        // the held uploads end (cut off: 400) and free their slots once answered
        await().until(() -> gateway.requestsServed("POST", API + "/tasks"), n -> n == served + 4);
        assertThat(gateway.uploadRaw("", GOOD, auth("d")).statusCode()).isEqualTo(202);
    }

    @Test
    void uploadsPastAKeysBoundAnswer429AndOtherKeysGoOn() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            held.add(startUpload("e"));
            held.add(startUpload("e"));
            awaitUploadsReading(2);

            assertLimit(
                    gateway.uploadRaw("", GOOD, auth("e")),
                    429,
                    "too_many_uploads",
                    "MAX_UPLOADS_PER_KEY");
            assertThat(gateway.uploadRaw("", GOOD, auth("f")).statusCode()).isEqualTo(202);
        } finally {
            closeAll(held);
        }
    }

    @Test
    void downloadsPastAKeysBoundAnswer429() throws Exception {
        String id = created(gateway.uploadRaw("", GOOD, auth("g")));
        // larger than the socket buffers: a client that does not read holds the transfer
        gateway.complete(
                id, "Song,Date,Total Number of Plays for Date\n" + "x".repeat(48 << 20), null, 1);
        String download = API + "/tasks/" + id + "/download";
        try (Socket slow = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            send(
                    slow,
                    "GET " + download + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer("g") + "\r\n");
            await().alias("the download is being sent")
                    .until(() -> threadsIn("dev.playcount.gateway.http.FileResponder") == 1);

            assertLimit(
                    gateway.get(download, auth("g")),
                    429,
                    "too_many_downloads",
                    "MAX_DOWNLOADS_PER_KEY");
            assertThat(gateway.get("/health").statusCode()).isEqualTo(200);
        }
        await().until(() -> threadsIn("dev.playcount.gateway.http.FileResponder") == 0);
        await().until(() -> gateway.get(download, auth("g")).statusCode(), s -> s == 200);
    }

    @Test
    void newTasksPastTheKeysRateAnswer429UntilATokenIsBack() throws Exception {
        byte[] bad = "Song;Date;Number of Plays\n".getBytes(StandardCharsets.UTF_8);
        assertThat(gateway.uploadRaw("", bad, auth("h")).statusCode()).isEqualTo(400);
        for (int i = 0; i < 3; i++) {
            String id = created(gateway.uploadRaw("", GOOD, auth("h")));
            gateway.complete(id, "Song,Date,Total Number of Plays for Date\n", null, 1);
        }

        HttpResponse<String> refused = gateway.uploadRaw("", GOOD, auth("h"));
        assertLimit(refused, 429, "too_many_tasks", "TASKS_PER_MINUTE_PER_KEY");
        // 3 a minute: the next token comes within 20 s
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 20L);
        assertThat(gateway.uploadRaw("", GOOD, auth("i")).statusCode()).isEqualTo(202);
    }

    @Test
    void aKeyAtItsRunningTasksQuotaGets429UntilOneFinishes() throws Exception {
        String first = created(gateway.uploadRaw("", GOOD, auth("j")));
        created(gateway.uploadRaw("", GOOD, auth("j")));

        assertLimit(
                gateway.uploadRaw("", GOOD, auth("j")),
                429,
                "too_many_running_tasks",
                "MAX_RUNNING_TASKS_PER_KEY");

        gateway.complete(first, "Song,Date,Total Number of Plays for Date\n", null, 1);
        assertThat(gateway.uploadRaw("", GOOD, auth("j")).statusCode()).isEqualTo(202);
    }

    @Test
    void anUploadOverTheSizeLimitAnswers413AndKeepsNothing() throws Exception {
        long tasks = gateway.taskCount();
        byte[] big = file(5000);

        assertError(
                gateway.uploadRaw("", big, auth("k")), 413, "upload_too_large", "MAX_UPLOAD_SIZE");
        // a form declares no file size: the bytes are counted as they are stored
        assertError(
                gateway.upload("", "file", "plays.csv", big, auth("k")),
                413,
                "upload_too_large",
                "4096 bytes");
        assertThat(gateway.taskCount()).isEqualTo(tasks);
        assertThat(storedUploads()).isZero();
        assertThat(gateway.uploadRaw("", file(4000), auth("k")).statusCode()).isEqualTo(202);
    }

    @Test
    void aKeyAtItsStoredBytesQuotaGets507() throws Exception {
        String kept = created(gateway.uploadRaw("", file(4000), auth("l")));
        gateway.complete(kept, "Song,Date,Total Number of Plays for Date\n", null, 1);

        assertError(
                gateway.uploadRaw("", file(4000), auth("l")),
                507,
                "storage_quota_exceeded",
                "MAX_STORED_BYTES_PER_KEY");
        assertError(
                gateway.upload("", "file", "plays.csv", file(4000), auth("l")),
                507,
                "storage_quota_exceeded",
                "MAX_STORED_BYTES_PER_KEY");
        assertThat(storedUploads()).isZero();
        assertThat(gateway.uploadRaw("", file(1500), auth("l")).statusCode()).isEqualTo(202);
    }

    @Test
    void aBodySlowerThanTheDataRateFloorAnswers408AndKeepsNothing() throws Exception {
        long tasks = gateway.taskCount();
        try (Socket slow = startUpload("a")) {
            slow.setSoTimeout(10_000);
            InputStream in = slow.getInputStream();
            // one byte each 300 ms, far below MIN_DATA_RATE (1 KiB/s), until the gateway answers
            for (int i = 0; i < 30 && in.available() == 0; i++) {
                send(slow, "U");
                Thread.sleep(300); // the slow client's pace
            }
            String response = readResponse(in);
            assertThat(response).startsWith("HTTP/1.1 408");
            JsonNode body =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(response.substring(response.indexOf('{')));
            assertThat(body.get("code").asText()).isEqualTo("request_too_slow");
            assertThat(body.get("message").asText()).contains("MIN_DATA_RATE");
        }
        assertThat(gateway.taskCount()).isEqualTo(tasks);
        await().until(this::storedUploads, n -> n == 0);
    }

    @Test
    void anUploadThatSendsNothingForTheIdleTimeoutAnswers408() throws Exception {
        long tasks = gateway.taskCount();
        long t0 = System.nanoTime();
        try (Socket idle = startUpload("b")) {
            idle.setSoTimeout(30_000);
            String response = readResponse(idle.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 408");
            assertThat(response).contains("\"code\":\"request_timeout\"").contains("IDLE_TIMEOUT");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(20));
        assertThat(gateway.taskCount()).isEqualTo(tasks);
        await().until(this::storedUploads, n -> n == 0);
    }

    /** The status line, headers and a JSON body (read up to its last brace). */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder response = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            response.append((char) c);
            if (c == '}' && response.indexOf("\r\n\r\n") > 0) {
                break;
            }
        }
        return response.toString();
    }

    /** A valid CSV of about {@code bytes} bytes. */
    private static byte[] file(int bytes) {
        StringBuilder csv = new StringBuilder("Song,Date,Number of Plays\n");
        while (csv.length() + 24 <= bytes) {
            csv.append("Umbrella,2020-01-02,200\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An upload that sends its header row and then holds, reading in the gateway. */
    private static Socket startUpload(String key) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort());
        send(
                socket,
                "POST "
                        + API
                        + "/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
                        + "Content-Length: 3000\r\n"
                        + bearer(key)
                        + "\r\nSong,Date,Number of Plays\n");
        return socket;
    }

    private static void awaitUploadsReading(int n) {
        await().alias(n + " uploads are being read")
                .until(() -> threadsIn("dev.playcount.gateway.storage.UploadWriter") == n);
    }

    private static long threadsIn(String className) {
        return Thread.getAllStackTraces().values().stream()
                .filter(s -> Arrays.stream(s).anyMatch(f -> f.getClassName().equals(className)))
                .count();
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private long storedUploads() throws IOException {
        try (var files = java.nio.file.Files.list(gateway.storage().resolve("uploads"))) {
            return files.count();
        }
    }

    private static String bearer(String key) {
        return "Authorization: Bearer " + key + "\r\n";
    }

    private static String[] auth(String key) {
        return new String[] {"Authorization", "Bearer " + key};
    }

    private static String created(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).get("task").get("id").asText();
    }

    private static void assertLimit(HttpResponse<String> r, int status, String code, String message)
            throws IOException {
        assertError(r, status, code, message);
        assertThat(r.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String message)
            throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(message);
        assertThat(body.get("details").isArray()).isTrue();
    }
}

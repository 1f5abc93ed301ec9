package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.Multipart;
import dev.playcount.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every bad upload is refused with a clear error body and leaves no task and no file. */
class UploadValidationITCase {

    private static final byte[] GOOD =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withEnv(Map.of());

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
    }

    @AfterEach
    void nothingWasKept() throws Exception {
        // every test has its answer (or, for a cut-off upload, the end of its handling) by now,
        // and the gateway deletes before it answers
        assertThat(gateway.taskCount()).isZero();
        assertThat(gateway.storedFiles()).isZero();
    }

    @Test
    void formWithoutAFilePart() throws Exception {
        HttpResponse<String> r = gateway.upload("", "document", "plays.csv", GOOD);
        assertError(r, 400, "missing_file", "part named 'file'");
    }

    @Test
    void wrongExtension() throws Exception {
        HttpResponse<String> r = gateway.upload("", "file", "plays.xlsx", GOOD);
        assertError(r, 400, "unsupported_file_type", "'plays.xlsx'");
    }

    @Test
    void missingColumnIsNamed() throws Exception {
        byte[] csv =
                "Song,Day,Number of Plays\nUmbrella,2020-01-02,200\n"
                        .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = gateway.upload("", "file", "plays.csv", csv);
        assertError(r, 400, "invalid_header", "misses the column Date");
    }

    @Test
    void semicolonSeparatedFileIsCalledOut() throws Exception {
        byte[] csv =
                "Song;Date;Number of Plays\nUmbrella;2020-01-02;200\n"
                        .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = gateway.uploadRaw("", csv);
        assertError(r, 400, "invalid_header", "';'-separated");
    }

    @Test
    void tabSeparatedFileIsCalledOut() throws Exception {
        byte[] csv = "Song\tDate\tNumber of Plays\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = gateway.uploadRaw("", csv);
        assertError(r, 400, "invalid_header", "tab-separated");
    }

    @Test
    void emptyBody() throws Exception {
        assertError(gateway.uploadRaw("", new byte[0]), 400, "invalid_header", "the file is empty");
        assertError(
                gateway.upload("", "file", "empty.csv", new byte[0]),
                400,
                "invalid_header",
                "empty");
    }

    @Test
    void invalidUtf8Header() throws Exception {
        byte[] csv = "Song,Date,Number of Pl\u00e4ys\n".getBytes(StandardCharsets.ISO_8859_1);
        assertError(gateway.uploadRaw("", csv), 400, "invalid_header", "not valid UTF-8");
    }

    @Test
    void utf16File() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        csv.writeBytes("Song,Date,Number of Plays\n".getBytes(StandardCharsets.UTF_16LE));
        assertError(gateway.uploadRaw("", csv.toByteArray()), 400, "invalid_header", "UTF-16");
    }

    @Test
    void badInvalidRowsParameter() throws Exception {
        assertError(
                gateway.uploadRaw("?invalidRows=ignore", GOOD),
                400,
                "invalid_parameter",
                "fail or skip");
    }

    @Test
    void unsupportedContentType() throws Exception {
        HttpResponse<String> r =
                gateway.send(
                        HttpRequest.newBuilder(gateway.uri(API + "/tasks"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertError(r, 415, "unsupported_media_type", "multipart/form-data");
    }

    @Test
    void badHeaderIsRefusedBeforeTheRestIsSent() throws Exception {
        // Announce 1 GB, send only the first line: the answer must come without the rest.
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST "
                                    + API
                                    + "/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: text/csv\r\nContent-Length: 1000000000\r\n\r\n"
                                    + "Song;Date;Number of Plays\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readHead(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void rawUploadCutOffMidway() throws Exception {
        long answered = gateway.requestsServed("POST", API + "/tasks");
        long refused = gateway.requestsServed("POST", API + "/tasks", 400);
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST "
                                    + API
                                    + "/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: text/csv\r\nContent-Length: 100000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(GOOD);
            for (int i = 0; i < 2000; i++) {
                out.write("Umbrella,2020-01-02,200\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } // the connection ends long before the 100 MB it announced

        awaitOneMoreRefused(answered, refused);
    }

    @Test
    void multipartUploadCutOffMidway() throws Exception {
        long answered = gateway.requestsServed("POST", API + "/tasks");
        long refused = gateway.requestsServed("POST", API + "/tasks", 400);
        String boundary = "----cutoff";
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST "
                                    + API
                                    + "/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: multipart/form-data; boundary="
                                    + boundary
                                    + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] head = Multipart.head(boundary, "file", "plays.csv");
            chunk(out, head);
            chunk(out, GOOD);
            for (int i = 0; i < 200; i++) {
                chunk(
                        out,
                        "Umbrella,2020-01-02,200\n".repeat(50).getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } // no closing boundary, no last chunk: the connection just ends

        awaitOneMoreRefused(answered, refused);
    }

    @Test
    void rawHeaderLineOverTheLimitIsRefusedAtOnce() throws Exception {
        assertLongHeaderRefused(gateway.uploadRaw("", longHeaderFile()));
    }

    @Test
    void multipartHeaderLineOverTheLimitIsRefusedAtOnce() throws Exception {
        assertLongHeaderRefused(gateway.upload("", "file", "plays.csv", longHeaderFile()));
    }

    @Test
    void multipartBodyShorterThanItsContentLengthIsRefused() throws Exception {
        Multipart form = Multipart.withFile("file", "plays.csv", GOOD);
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST "
                                    + API
                                    + "/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: "
                                    + form.contentType()
                                    + "\r\nContent-Length: "
                                    + (form.bytes().length + 1000)
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(form.bytes()); // the whole form, closing boundary and all, then no more
            out.flush();
            socket.shutdownOutput();
            String response = readHead(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 400");
        }
    }

    /** A header row that starts as a valid one (an extra column) and goes on past 64 KiB. */
    private static byte[] longHeaderFile() {
        return ("Song,Date,Number of Plays," + "x".repeat(70_000) + "\nUmbrella,2020-01-02,200,\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A 400 naming the limit, and no request thread left reading the upload: before the fix the
     * thread asked for 0 more bytes forever and the request got no answer.
     */
    private static void assertLongHeaderRefused(HttpResponse<String> r) throws IOException {
        assertError(r, 400, "invalid_header", "longer than 65536 bytes");
        await().alias("no thread is left in UploadWriter")
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> threadsIn("dev.playcount.gateway.storage.UploadWriter") == 0);
    }

    private static long threadsIn(String className) {
        return Thread.getAllStackTraces().values().stream()
                .filter(
                        stack ->
                                java.util.Arrays.stream(stack)
                                        .anyMatch(f -> f.getClassName().equals(className)))
                .count();
    }

    /**
     * Waits until the gateway has finished handling one more upload than it had, then checks that
     * it refused it (400, nothing recorded) rather than accepting what had arrived.
     */
    private static void awaitOneMoreRefused(long answered, long refused) throws IOException {
        await().until(() -> gateway.requestsServed("POST", API + "/tasks"), n -> n == answered + 1);
        assertThat(gateway.requestsServed("POST", API + "/tasks", 400)).isEqualTo(refused + 1);
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String message)
            throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("code").asText()).isEqualTo(code);
        assertThat(json(r).get("message").asText()).contains(message);
        assertThat(json(r).get("details").isArray()).isTrue();
    }
}

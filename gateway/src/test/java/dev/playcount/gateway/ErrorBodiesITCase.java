package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every refusal is the error body {@code {"code","message","details"}}: Javalin's (no route, a
 * route without the method), Jetty's own (a request it cannot parse), and a download's ranges and
 * HEAD answer what RFC 9110 says.
 */
class ErrorBodiesITCase {

    private static final String CSV = "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n";
    private static final String RESULT =
            "Song,Date,Total Number of Plays for Date\nUmbrella,2020-01-02,200\n";

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withEnv(Map.of());

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
    }

    @Test
    void anUnknownRouteIs404WithTheErrorBody() throws Exception {
        for (String path : new String[] {"/nothing-here", API + "/tasks/x/y/z", API + "/nope"}) {
            HttpResponse<String> response = gateway.get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertErrorBody(response, "not_found");
            assertThat(json(response).get("message").asText()).contains(path);
        }
    }

    @Test
    void aKnownRouteWithTheWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> put =
                gateway.send(
                        HttpRequest.newBuilder(gateway.uri(API + "/tasks"))
                                .PUT(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(put.statusCode()).isEqualTo(405);
        assertErrorBody(put, "method_not_allowed");
        assertThat(put.headers().firstValue("Allow").orElseThrow())
                .contains("GET")
                .contains("POST");

        HttpResponse<String> post =
                gateway.send(
                        HttpRequest.newBuilder(
                                        gateway.uri(
                                                API
                                                        + "/tasks/8a2f4c1e-0000-4000-8000-000000000000/status"))
                                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(json(post).get("message").asText()).contains("POST").contains("GET");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "bad request line, 400, bad_request",
        "bad header, 400, bad_request",
        "URI too long, 414, uri_too_long",
        "headers too large, 431, headers_too_large",
        "bad version, 505, http_version_not_supported"
    })
    void jettysOwnRefusalsAreTheErrorBodyNotHtml(String what, int status, String code)
            throws Exception {
        String request =
                switch (what) {
                    case "bad request line" -> "GET\u0001 / HTTP/1.1\r\nHost: x\r\n\r\n";
                    case "bad header" -> "GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n";
                    case "URI too long" ->
                            "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
                    case "headers too large" ->
                            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: "
                                    + "b".repeat(20_000)
                                    + "\r\n\r\n";
                    default -> "GET /health HTTP/7.1\r\nHost: x\r\n\r\n";
                };

        RawResponse response = raw(request);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().toLowerCase(Locale.ROOT))
                .contains("content-type: application/json");
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("Exception");
        assertThat(body.get("details").isArray()).isTrue();
    }

    @Test
    void aTaskIdInUpperCaseFindsTheSameTask() throws Exception {
        String id = uploaded();

        HttpResponse<String> upper =
                gateway.get(API + "/tasks/" + id.toUpperCase(Locale.ROOT) + "/status");

        assertThat(upper.statusCode()).isEqualTo(200);
        assertThat(json(upper).get("task").get("id").asText()).isEqualTo(id);
    }

    @Test
    void rangesThatOverflowOrAreInvalidAreIgnoredForTheWholeFile() throws Exception {
        String id = completed();
        for (String range :
                new String[] {
                    "bytes=0-99999999999999999999", "bytes=5-1", "bytes=99999999999999999999-"
                }) {
            HttpResponse<String> response = download(id, "Range", range);

            assertThat(response.statusCode()).as(range).isEqualTo(200);
            assertThat(response.body()).as(range).isEqualTo(RESULT);
            assertThat(response.headers().firstValue("Content-Range")).as(range).isEmpty();
        }
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheLength() throws Exception {
        String id = completed();

        HttpResponse<String> response = download(id, "Range", "bytes=9999-");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range"))
                .hasValue("bytes */" + RESULT.length());
        assertErrorBody(response, "range_not_satisfiable");
    }

    @Test
    void headOnADownloadAnswersWhatGetWouldWithoutTheBody() throws Exception {
        HttpResponse<String> unknown =
                head(API + "/tasks/8a2f4c1e-0000-4000-8000-000000000000/download");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEmpty();

        HttpResponse<String> unknownStatus =
                head(API + "/tasks/8a2f4c1e-0000-4000-8000-000000000000/status");
        assertThat(unknownStatus.statusCode()).isEqualTo(404);
        assertThat(unknownStatus.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");

        String queued = uploaded();
        HttpResponse<String> notReady = head(API + "/tasks/" + queued + "/download");
        assertThat(notReady.statusCode()).isEqualTo(409);
        assertThat(notReady.headers().firstValue("Retry-After")).isPresent();
        assertThat(notReady.body()).isEmpty();

        String done = completed();
        HttpResponse<String> ready = head(API + "/tasks/" + done + "/download");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValueAsLong("Content-Length")).hasValue(RESULT.length());
        assertThat(ready.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(ready.body()).isEmpty();
        // a HEAD transfers nothing: the task is not DOWNLOADED
        assertThat(
                        json(gateway.get(API + "/tasks/" + done + "/status"))
                                .get("task")
                                .get("status")
                                .asText())
                .isEqualTo("COMPLETED");
    }

    private static void assertErrorBody(HttpResponse<String> response, String code)
            throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("details").isArray()).isTrue();
    }

    private static String uploaded() throws Exception {
        HttpResponse<String> response =
                gateway.uploadRaw("?filename=p.csv", CSV.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(202);
        return json(response).get("task").get("id").asText();
    }

    private static String completed() throws Exception {
        String id = uploaded();
        gateway.complete(id, RESULT, null, 1);
        return id;
    }

    private static HttpResponse<String> download(String id, String... headers) throws Exception {
        return gateway.get(API + "/tasks/" + id + "/download", headers);
    }

    private static HttpResponse<String> head(String path) throws Exception {
        return gateway.send(
                HttpRequest.newBuilder(gateway.uri(path))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    private record RawResponse(int status, String headers, String body) {}

    /** Sends bytes no HTTP client would, and reads the answer until Jetty closes. */
    private static RawResponse raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, end);
            return new RawResponse(
                    Integer.parseInt(head.split(" ")[1]), head, answer.substring(end + 4));
        }
    }
}

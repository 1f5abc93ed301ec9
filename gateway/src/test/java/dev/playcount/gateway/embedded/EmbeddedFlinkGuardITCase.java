package dev.playcount.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded cluster's REST port as another local process or a web page sees it: a job graph with
 * a jar, posted as Flink's own client posts it, runs only with this process's secret.
 */
class EmbeddedFlinkGuardITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedFlink flink;

    @BeforeAll
    static void start() throws Exception {
        flink = EmbeddedFlink.start(0, 1);
        // the REST API answers 503 until its leader is elected
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                HTTP.send(
                                                        HttpRequest.newBuilder(
                                                                        flink.restUrl()
                                                                                .resolve(
                                                                                        "/overview"))
                                                                .build(),
                                                        ofString())
                                                .statusCode()
                                        == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        flink.close();
    }

    @Test
    void aJobGraphWithAJarPostedFromOutsideIsRefusedAndNeverRuns() throws Exception {
        HttpResponse<String> refused = HTTP.send(submission(null), ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("only from the playcount launcher");
        assertThat(jobs()).isEmpty();
    }

    @Test
    void theSameRequestWithTheSecretRuns() throws Exception {
        // the control: the request above is a real submission, refused for its missing secret only
        HttpResponse<String> accepted =
                HTTP.send(submission(flink.endpoint().authorization()), ofString());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = JSON.readTree(accepted.body()).path("jobUrl").asText().replace("/jobs/", "");
        await().atMost(Duration.ofSeconds(60)).until(() -> jobs().contains(jobId));
    }

    @Test
    void aJarUploadAndACancelFromOutsideAreRefused() throws Exception {
        String boundary = "b" + UUID.randomUUID();
        byte[] jarBody = multipart(boundary, List.of(part("jarfile", "evil.jar", jar())));
        HttpResponse<String> upload =
                HTTP.send(
                        HttpRequest.newBuilder(flink.restUrl().resolve("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(jarBody))
                                .build(),
                        ofString());
        HttpResponse<String> cancel =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        flink.restUrl()
                                                .resolve(
                                                        "/jobs/00000000000000000000000000000001"
                                                                + "?mode=cancel"))
                                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        ofString());

        // refused before Flink's upload handler stores the body
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(403);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(403);
    }

    @Test
    void theDashboardJsonIsNotReadableByOtherOriginsNorThroughAnotherHostName() throws Exception {
        HttpResponse<String> overview =
                HTTP.send(
                        HttpRequest.newBuilder(flink.restUrl().resolve("/overview"))
                                .header("Origin", "https://evil.example")
                                .build(),
                        ofString());
        // what a page on a rebound DNS name sends (the JDK's client cannot set Host)
        String rebound = rawGet("/overview", "evil.example:" + flink.restUrl().getPort());
        String local = rawGet("/overview", "localhost:" + flink.restUrl().getPort());

        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("taskmanagers");
        assertThat(overview.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(rebound).startsWith("HTTP/1.1 403");
        assertThat(local).startsWith("HTTP/1.1 200");
    }

    /** A POST /jobs as Flink's RestClusterClient sends it: the graph, a jar, their names. */
    private static HttpRequest submission(String authorization) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 3).sinkTo(new DiscardingSink<>());
        JobGraph graph = env.getStreamGraph().getJobGraph();
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
            out.writeObject(graph);
        }
        String request =
                "{\"jobGraphFileName\":\"job.bin\",\"jobJarFileNames\":[\"code.jar\"],"
                        + "\"jobArtifactFileNames\":[]}";
        String boundary = "b" + UUID.randomUUID();
        byte[] body =
                multipart(
                        boundary,
                        List.of(
                                part("request", null, request.getBytes(StandardCharsets.UTF_8)),
                                part("file_0", "job.bin", serialized.toByteArray()),
                                part("file_1", "code.jar", jar())));
        HttpRequest.Builder post =
                HttpRequest.newBuilder(flink.restUrl().resolve("/jobs"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            post.header("Authorization", authorization);
        }
        return post.build();
    }

    private List<String> jobs() throws Exception {
        JsonNode overview =
                JSON.readTree(
                        HTTP.send(
                                        HttpRequest.newBuilder(
                                                        flink.restUrl().resolve("/jobs/overview"))
                                                .build(),
                                        ofString())
                                .body());
        return overview.path("jobs").findValuesAsText("jid");
    }

    private static String rawGet(String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", flink.restUrl().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(
                            ("GET "
                                            + path
                                            + " HTTP/1.1\r\nHost: "
                                            + host
                                            + "\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] jar() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("evil.txt"));
            jar.write("code that would run in the gateway's JVM".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private record Part(String name, String fileName, byte[] content) {}

    private static Part part(String name, String fileName, byte[] content) {
        return new Part(name, fileName, content);
    }

    private static byte[] multipart(String boundary, List<Part> parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            String head =
                    "--"
                            + boundary
                            + "\r\nContent-Disposition: form-data; name=\""
                            + p.name()
                            + "\""
                            + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"")
                            + "\r\nContent-Type: "
                            + (p.fileName() == null
                                    ? "application/json"
                                    : "application/octet-stream")
                            + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(p.content());
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }
}

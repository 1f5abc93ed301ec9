package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.embedded.EmbeddedBroker;
import dev.playcount.gateway.testing.CsvStream;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when the broker, MongoDB or the disk are not there for an upload. */
class OutageITCase {

    private static final byte[] CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    @Test
    void uploadWhileTheBrokerIsDownIsKeptAndQueuedOnceItIsBack() throws Exception {
        int port = freePort();
        String uri = "amqp://guest:guest@127.0.0.1:" + port;
        try (TestBroker none = TestBroker.start(dir.resolve("unused"));
                TestGateway gateway = TestGateway.start(dir, none, Map.of("AMQP_URI", uri))) {
            HttpResponse<String> response = gateway.uploadRaw("", CSV);

            assertThat(response.statusCode()).isEqualTo(202);
            String id = json(response).get("task").get("id").asText();
            assertThat(json(response).get("task").get("status").asText()).isEqualTo("QUEUED");
            assertThat(queued(gateway, id)).isFalse();
            HttpResponse<String> ready = gateway.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).get("checks").get("broker").asText()).isEqualTo("DOWN");

            try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("late-broker"), port)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> queued(gateway, id));
                List<String> messages =
                        TestBroker.of(broker.amqpUri())
                                .take(gateway.queue(), 10, Duration.ofSeconds(5));
                assertThat(messages).containsExactly("{\"taskId\":\"" + id + "\"}");
                // the launcher's consumer comes back after its own backoff
                await().atMost(Duration.ofSeconds(40))
                        .until(() -> gateway.get("/ready").statusCode() == 200);
            }
        }
    }

    @Test
    void uploadWhileMongoIsDownIs503AndKeepsNoFile() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, Map.of())) {
            gateway.stopMongo();

            HttpResponse<String> response = gateway.uploadRaw("", CSV);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).get("code").asText()).isEqualTo("service_unavailable");
            assertThat(json(response).get("message").asText()).contains("MongoDB");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(gateway.storedFiles()).isZero();
            assertThat(gateway.get("/ready").statusCode()).isEqualTo(503);
            broker.deleteQueue(gateway.queue());
        }
    }

    @Test
    void diskBelowTheFloorIs507AndKeepsNoFile() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway =
                        TestGateway.start(
                                dir,
                                broker,
                                Map.of("MIN_FREE_DISK", Long.toString(free + (1L << 30))))) {
            HttpResponse<String> response = gateway.upload("", "file", "plays.csv", CSV);

            assertThat(response.statusCode()).isEqualTo(507);
            assertThat(json(response).get("code").asText()).isEqualTo("insufficient_storage");
            assertThat(json(response).get("message").asText()).contains("MIN_FREE_DISK");
            assertThat(gateway.storedFiles()).isZero();
            assertThat(gateway.taskCount()).isZero();
            broker.deleteQueue(gateway.queue());
        }
    }

    @Test
    void diskFillingUpDuringTheUploadIs507AndKeepsNoFile() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        // room for about 100 MB of the 400 MB streamed without a declared length
        String floor = Long.toString(free - (100L << 20));
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway =
                        TestGateway.start(dir, broker, Map.of("MIN_FREE_DISK", floor))) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(gateway.uri(TestGateway.API + "/tasks"))
                            .header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> rows(400L << 20)));
            HttpResponse<String> response = gateway.send(request);

            assertThat(response.statusCode()).isEqualTo(507);
            JsonNode body = json(response);
            assertThat(body.get("message").asText()).contains("not enough free disk");
            assertThat(gateway.storedFiles()).isZero();
            assertThat(gateway.taskCount()).isZero();
            broker.deleteQueue(gateway.queue());
        }
    }

    private static boolean queued(TestGateway gateway, String id) {
        Document task = gateway.tasks().find(new Document("_id", id)).first();
        return task != null && task.getBoolean("queued", false);
    }

    static int freePort() throws Exception {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A CSV stream of about {@code bytes} bytes, generated as it is read. */
    static InputStream rows(long bytes) {
        return new CsvStream(bytes);
    }
}

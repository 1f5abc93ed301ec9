package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import dev.playcount.gateway.testing.CsvStream;
import dev.playcount.gateway.testing.Multipart;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GB multipart upload to a gateway process whose heap is capped at 256 MB: the upload must
 * stream to disk, never be held in memory.
 */
class LargeUploadITCase {

    private static final long SIZE = 1L << 30;

    @TempDir Path dir;

    @Test
    void oneGigabyteThroughA256MegabyteHeap() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                EmbeddedMongo mongo = EmbeddedMongo.start(dir.resolve("mongo"))) {
            int port = OutageITCase.freePort();
            Map<String, String> env =
                    TestGateway.env(dir.resolve("storage"), mongo.connectionString(), broker.uri());
            env.put("PORT", Integer.toString(port));
            ProcessBuilder builder =
                    new ProcessBuilder(
                            javaBin(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            GatewayMain.class.getName());
            builder.environment().putAll(env);
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
            Process gateway = builder.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                awaitReady(base.resolve("/ready"), gateway);

                String boundary = "----large";
                CsvStream csv = new CsvStream(SIZE);
                HttpRequest request =
                        HttpRequest.newBuilder(base.resolve(TestGateway.API + "/tasks"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () ->
                                                        new SequenceInputStream(
                                                                java.util.Collections.enumeration(
                                                                        List.of(
                                                                                new ByteArrayInputStream(
                                                                                        Multipart
                                                                                                .head(
                                                                                                        boundary,
                                                                                                        "file",
                                                                                                        "big.csv")),
                                                                                csv,
                                                                                new ByteArrayInputStream(
                                                                                        Multipart
                                                                                                .tail(
                                                                                                        boundary)))))))
                                .timeout(Duration.ofMinutes(5))
                                .build();
                HttpResponse<String> response =
                        HttpClient.newHttpClient()
                                .send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                JsonNode input = json(response).get("task").get("input");
                assertThat(input.get("bytes").asLong()).isEqualTo(csv.length());
                assertThat(input.get("sha256").asText()).isEqualTo(csv.sha256());
                String id = json(response).get("task").get("id").asText();
                Path stored = dir.resolve("storage").resolve("inputs").resolve(id + ".csv");
                assertThat(Files.size(stored)).isEqualTo(csv.length());
                assertThat(gateway.isAlive()).isTrue();
                long rssMiB = peakRssKiB(gateway.pid()) >> 10;
                System.out.printf("1 GB upload with -Xmx256m: gateway peak RSS %d MiB%n", rssMiB);
                Files.delete(stored);
                broker.deleteQueue(env.get("AMQP_QUEUE"));
            } finally {
                gateway.destroy();
                if (!gateway.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    gateway.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static void awaitReady(URI ready, Process gateway) {
        HttpClient client = HttpClient.newHttpClient();
        await().alias("gateway ready")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            // a gateway that died fails at once, not after the minute
                            assertThat(gateway.isAlive()).as("gateway process exited").isTrue();
                            try {
                                return client.send(
                                                        HttpRequest.newBuilder(ready).build(),
                                                        HttpResponse.BodyHandlers.discarding())
                                                .statusCode()
                                        == 200;
                            } catch (IOException e) {
                                return false; // not listening yet
                            }
                        });
    }

    private static long peakRssKiB(long pid) throws IOException {
        Matcher m =
                Pattern.compile("VmHWM:\\s+(\\d+) kB")
                        .matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}

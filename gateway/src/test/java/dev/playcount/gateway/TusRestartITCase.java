package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.gateway.testing.TusClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway stopped in the middle of a resumable upload keeps what arrived: once it is back, the
 * client resumes from the offset and the upload becomes its task, whole.
 */
class TusRestartITCase {

    private static final byte[] CSV =
            ("Song,Date,Number of Plays\n"
                            + "Umbrella,2020-01-02,200\n".repeat(2000)
                            + "\"Take Me Home, Country Roads\",2020-01-01,100\n")
                    .getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    @Test
    void anUploadSurvivesARestartOfTheGateway() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"))) {
            String upload;
            int half = CSV.length / 2;
            // the same storage and MongoDB folders for both runs; the port changes
            try (TestGateway first = TestGateway.start(dir, broker, Map.of())) {
                TusClient tus = new TusClient(first.uri("/"));
                HttpResponse<String> created = tus.create(CSV.length, "restart.csv", "skip");
                assertThat(created.statusCode()).isEqualTo(201);
                upload = TusClient.location(created);
                assertThat(tus.patch(upload, 0, Arrays.copyOf(CSV, half)).statusCode())
                        .isEqualTo(204);
                broker.deleteQueue(first.queue());
            }
            try (TestGateway second = TestGateway.start(dir, broker, Map.of())) {
                TusClient tus = new TusClient(second.uri("/"));
                assertThat(tus.offset(upload)).isEqualTo(half);
                HttpResponse<String> rest =
                        tus.patch(upload, half, Arrays.copyOfRange(CSV, half, CSV.length));
                assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
                String id = upload.substring(upload.lastIndexOf('/') + 1);
                JsonNode task = json(second.get(API + "/tasks/" + id + "/status")).get("task");
                assertThat(task.get("status").asText()).isEqualTo("QUEUED");
                assertThat(task.get("invalidRowPolicy").asText()).isEqualTo("skip");
                assertThat(task.get("input").get("bytes").asLong()).isEqualTo(CSV.length);
                assertThat(task.get("input").get("sha256").asText())
                        .isEqualTo(TusUploadsITCase.sha256(CSV));
                assertThat(second.files().input(id)).hasBinaryContent(CSV);
                broker.deleteQueue(second.queue());
            }
        }
    }
}

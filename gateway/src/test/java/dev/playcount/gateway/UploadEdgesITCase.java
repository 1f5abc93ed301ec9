package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.LogEvents;
import dev.playcount.gateway.testing.TestGateway;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upload's edges over real HTTP: the Idempotency-Key (checked, and a key reused with another
 * file refused as Stripe does) and file names that would forge log lines.
 */
class UploadEdgesITCase {

    private static final byte[] CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,300\n".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withEnv(Map.of());

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
    }

    @Test
    void theSameKeyWithTheSameFileAnswersTheFirstTask() throws Exception {
        HttpResponse<String> first =
                gateway.upload("", "file", "a.csv", CSV, "Idempotency-Key", "same-file-1");
        long tasks = gateway.taskCount();
        long files = gateway.storedFiles();

        HttpResponse<String> retry =
                gateway.upload("", "file", "a-again.csv", CSV, "Idempotency-Key", "same-file-1");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(id(retry)).isEqualTo(id(first));
        assertThat(json(retry).get("task").get("input").get("name").asText()).isEqualTo("a.csv");
        assertThat(gateway.taskCount()).isEqualTo(tasks);
        assertThat(gateway.storedFiles()).isEqualTo(files);
    }

    @Test
    void theSameKeyWithAnotherFileOrPolicyIs422AndKeepsNothing() throws Exception {
        HttpResponse<String> first =
                gateway.upload("", "file", "b.csv", CSV, "Idempotency-Key", "reused-1");
        assertThat(first.statusCode()).isEqualTo(202);
        long tasks = gateway.taskCount();
        long files = gateway.storedFiles();

        HttpResponse<String> otherFile =
                gateway.upload("", "file", "b.csv", OTHER_CSV, "Idempotency-Key", "reused-1");
        HttpResponse<String> otherPolicy =
                gateway.upload(
                        "?invalidRows=skip", "file", "b.csv", CSV, "Idempotency-Key", "reused-1");

        for (HttpResponse<String> refused : new HttpResponse[] {otherFile, otherPolicy}) {
            assertThat(refused.statusCode()).isEqualTo(422);
            JsonNode body = json(refused);
            assertThat(body.get("code").asText()).isEqualTo("idempotency_key_reused");
            assertThat(body.get("message").asText())
                    .contains("Idempotency-Key")
                    .contains("different request");
            assertThat(body.get("details").get(0).asText()).isEqualTo(id(first));
        }
        assertThat(gateway.taskCount()).isEqualTo(tasks);
        assertThat(gateway.storedFiles()).isEqualTo(files);
    }

    @Test
    void anEmptyOrOverlongKeyIs400NamingTheHeader() throws Exception {
        long tasks = gateway.taskCount();
        for (String key : new String[] {" ", "k".repeat(256)}) {
            HttpResponse<String> response = gateway.uploadRaw("", CSV, "Idempotency-Key", key);

            assertThat(response.statusCode()).as(key).isEqualTo(400);
            assertThat(json(response).get("code").asText()).isEqualTo("invalid_idempotency_key");
            assertThat(json(response).get("message").asText())
                    .contains("Idempotency-Key")
                    .contains("255");
        }
        assertThat(gateway.taskCount()).isEqualTo(tasks);
        assertThat(gateway.uploadRaw("", CSV, "Idempotency-Key", "k".repeat(255)).statusCode())
                .isEqualTo(202);
    }

    @Test
    void aFileNameIsKeptAsGivenButReachesTheLogWithoutLineBreaksOrBidiControls() throws Exception {
        String name = "plays\n2026-12-01 INFO forged line\u202Evsc.csv";
        HttpResponse<String> response;
        try (LogEvents log = LogEvents.of(TaskService.class)) {
            response =
                    gateway.uploadRaw(
                            "?filename=" + URLEncoder.encode(name, StandardCharsets.UTF_8), CSV);

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(log.containing(id(response), "accepted"))
                    .singleElement()
                    .satisfies(
                            line ->
                                    assertThat(line)
                                            .contains("'plays2026-12-01 INFO forged linevsc.csv'")
                                            .doesNotContain("\n")
                                            .doesNotContain("\u202E"));
        }
        assertThat(json(response).get("task").get("input").get("name").asText()).isEqualTo(name);
    }

    private static String id(HttpResponse<String> response) throws Exception {
        return json(response).get("task").get("id").asText();
    }
}

package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With API_KEYS set, every call needs a key and a key sees only its own tasks. */
class ApiKeysITCase {

    private static final byte[] CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);
    private static final String[] ALICE = {"Authorization", "Bearer alice-key"};
    private static final String[] BOB = {"Authorization", "Bearer bob-key"};

    @TempDir Path dir;

    @Test
    void keysIsolateTasks() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway =
                        TestGateway.start(dir, broker, Map.of("API_KEYS", "alice-key, bob-key"))) {
            HttpResponse<String> none = gateway.uploadRaw("", CSV);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(json(none).get("code").asText()).isEqualTo("unauthorized");
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            HttpResponse<String> wrong =
                    gateway.get(API + "/tasks", "Authorization", "Bearer mallory");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).get("message").asText()).contains("not valid");

            HttpResponse<String> created = gateway.uploadRaw("", CSV, ALICE);
            assertThat(created.statusCode()).isEqualTo(202);
            String id = json(created).get("task").get("id").asText();
            String task = API + "/tasks/" + id;

            assertThat(gateway.get(task + "/status", ALICE).statusCode()).isEqualTo(200);
            assertThat(gateway.get(task + "/status", BOB).statusCode()).isEqualTo(404);
            assertThat(gateway.get(task + "/download", BOB).statusCode()).isEqualTo(404);
            assertThat(gateway.get(task + "/rejects", BOB).statusCode()).isEqualTo(404);
            assertThat(gateway.delete(task, BOB).statusCode()).isEqualTo(404);
            assertThat(json(gateway.get(API + "/tasks", BOB)).get("total").asLong()).isZero();
            assertThat(json(gateway.get(API + "/tasks", ALICE)).get("tasks").findValuesAsText("id"))
                    .containsExactly(id);
            // the same Idempotency-Key used by two owners makes two tasks
            String a =
                    json(gateway.uploadRaw("", CSV, "Idempotency-Key", "k1", ALICE[0], ALICE[1]))
                            .get("task")
                            .get("id")
                            .asText();
            String b =
                    json(gateway.uploadRaw("", CSV, "Idempotency-Key", "k1", BOB[0], BOB[1]))
                            .get("task")
                            .get("id")
                            .asText();
            assertThat(a).isNotEqualTo(b);
            assertThat(gateway.delete(task, ALICE).statusCode()).isEqualTo(200);
            // operations endpoints stay open for probes
            assertThat(gateway.get("/health").statusCode()).isEqualTo(200);
            assertThat(gateway.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(gateway.get("/api/v1/docs/openapi.json").statusCode()).isEqualTo(200);
            broker.deleteQueue(gateway.queue());
        }
    }
}

package dev.playcount.gateway.launcher;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.playcount.core.io.Sha256;
import dev.playcount.gateway.embedded.EmbeddedFlink;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.storage.MongoTaskRepository;
import dev.playcount.gateway.task.LauncherTaskStore;
import dev.playcount.gateway.task.TaskStatus;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 1: a launcher stopped after the result was moved into place but before the task was
 * recorded COMPLETED, then a new delivery of the request. The real job on a MiniCluster, the real
 * store on the embedded MongoDB server; the stop is the store failing the one write between
 * publishing and recording.
 */
class RepublishITCase {

    @TempDir Path dir;

    @Test
    void aLauncherStoppedBetweenPublishingAndRecordingLeavesTheResultToTheNext() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway api = TestGateway.start(dir, broker, Map.of());
                EmbeddedFlink cluster = EmbeddedFlink.start(0, 2);
                MongoClient mongo = MongoClients.create(api.mongoUri())) {
            Path input = new TestCsv(12).write(dir.resolve("in.csv"), 60_000, 20_000, 10);
            String id = created(api.uploadRaw("", Files.readAllBytes(input)));
            FileStore files = api.files();
            MongoTaskRepository store = new MongoTaskRepository(mongo.getDatabase("playcount"));
            try (FlinkJobRunner runner =
                    new FlinkJobRunner(
                            cluster.endpoint(),
                            cluster.restUrl().toString(),
                            null,
                            Parallelism.fixed(2),
                            true,
                            files,
                            Clock.systemUTC())) {
                TaskLauncher stopped =
                        new TaskLauncher(
                                stoppingBeforeComplete(store),
                                runner,
                                files,
                                Clock.systemUTC(),
                                Duration.ofMillis(200),
                                "launcher-1",
                                Duration.ofSeconds(30),
                                OutageTolerance.sleeping(Duration.ofSeconds(5), Clock.systemUTC()));
                assertThatThrownBy(() -> stopped.run(id, () -> {}))
                        .hasMessageContaining("launcher stopped");
                assertThat(files.result(id)).isRegularFile();
                assertThat(status(api, id).get("status").asText()).isEqualTo("IN_PROGRESS");

                // the request delivered again, to the launcher restarted under the same name
                new TaskLauncher(
                                store,
                                runner,
                                files,
                                Clock.systemUTC(),
                                Duration.ofMillis(200),
                                "launcher-1",
                                Duration.ofSeconds(30),
                                OutageTolerance.sleeping(Duration.ofSeconds(5), Clock.systemUTC()))
                        .run(id, () -> {});
            }

            JsonNode task = status(api, id);
            assertThat(task.get("status").asText())
                    .as(task.toString())
                    .isEqualTo(TaskStatus.COMPLETED.name());
            HttpResponse<String> download = api.get(API + "/tasks/" + id + "/download");
            Path downloaded = dir.resolve("result.csv");
            Files.writeString(downloaded, download.body(), StandardCharsets.UTF_8);
            assertThat(Oracle.readResult(downloaded)).isEqualTo(Oracle.aggregate(input).totals());
            assertThat(task.toString()).contains(Sha256.of(downloaded));
            broker.deleteQueue(api.queue());
        }
    }

    /** The store of a launcher that stops at its first attempt to record COMPLETED. */
    private static LauncherTaskStore stoppingBeforeComplete(LauncherTaskStore store) {
        return (LauncherTaskStore)
                Proxy.newProxyInstance(
                        LauncherTaskStore.class.getClassLoader(),
                        new Class<?>[] {LauncherTaskStore.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("complete")) {
                                throw new IllegalStateException("launcher stopped");
                            }
                            try {
                                return method.invoke(store, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    private static String created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("task").get("id").asText();
    }

    private static JsonNode status(TestGateway api, String id) throws Exception {
        return json(api.get(API + "/tasks/" + id + "/status")).get("task");
    }
}

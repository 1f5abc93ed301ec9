package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.FlinkRest;
import dev.playcount.gateway.testing.LocalCluster;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.SharedData;
import dev.playcount.pipeline.testing.TestCsv;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher against a real standalone session cluster of separate JVMs, started by {@code
 * bin/local-cluster} from the built jars: jobs run there with the cluster's slots as parallelism,
 * and a TaskManager killed mid-job costs a restart, not a row.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterITCase {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(150);

    @TempDir static Path dir;
    static LocalCluster cluster;
    static TestBroker broker;
    static TestGateway gateway;
    static FlinkRest flink;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(dir.resolve("cluster"), 2);
        URI rest = cluster.restUrl();
        flink = new FlinkRest(rest);
        broker = TestBroker.start(dir.resolve("broker"));
        Map<String, String> env = new HashMap<>(TestGateway.withLauncher());
        env.remove("FLINK_PARALLELISM"); // the cluster's slots
        env.put("FLINK_REST_URL", rest.toString());
        env.put("PIPELINE_JAR", LocalCluster.pipelineJar().toString());
        env.put("MAX_CONCURRENT_JOBS", "1");
        gateway = TestGateway.start(dir, broker, env);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                broker.deleteQueue(gateway.queue());
                gateway.close();
            }
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void aTaskRunsOnTheClusterWithItsSlotsAsParallelism() throws Exception {
        Path seed = SharedData.seedSample();
        String id = LauncherITCase.created(gateway.uploadRaw("", Files.readAllBytes(seed)));

        JsonNode task =
                LauncherITCase.last(gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        String jobId = task.get("flinkJobId").asText();
        assertThat(flink.statesOf(jobId)).containsExactly("FINISHED");
        // The REST API caches a job's details for web.refresh-interval: a job that ends within
        // that time of a first look (the launcher's progress poll) is shown without vertices.
        List<Integer> parallelisms =
                await().alias("job " + jobId + "'s vertices")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> parallelisms(jobId), p -> !p.isEmpty());
        assertThat(parallelisms).contains(2).allMatch(p -> p <= 2);
        assertThat(Oracle.readResult(download(id))).isEqualTo(Oracle.aggregate(seed).totals());
    }

    @Test
    @Order(2)
    void aTaskManagerLostMidJobCostsARestartNotARow() throws Exception {
        Path input = new TestCsv(21).write(dir.resolve("long.csv"), 1_500_000, 100_000, 10);
        String id = LauncherITCase.created(gateway.uploadRaw("", Files.readAllBytes(input)));
        String jobId = awaitRunningTasks(id);

        long victim =
                Long.parseLong(
                        Files.readString(cluster.state().resolve("taskmanager-1.pid")).strip());
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL: no goodbye
        // parallelism 2 on one-slot TaskManagers: the restart needs a second slot again
        String added = cluster.addTaskManager();
        assertThat(added).matches("\\d+");

        JsonNode task =
                LauncherITCase.last(gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.get("flinkJobId").asText()).isEqualTo(jobId);
        assertThat(
                        flink.get("/jobs/" + jobId + "/exceptions")
                                .path("exceptionHistory")
                                .path("entries"))
                .as("the job saw the TaskManager's loss")
                .isNotEmpty();
        Oracle.Expected expected = Oracle.aggregate(input);
        assertThat(task.get("rowsRead").asLong()).isEqualTo(1_500_000);
        assertThat(task.get("rowsWritten").asLong()).isEqualTo(expected.totals().size());
        assertThat(Oracle.readResult(download(id))).isEqualTo(expected.totals());
        try (var staging = Files.list(gateway.files().result(id).getParent())) {
            assertThat(
                            staging.map(p -> p.getFileName().toString())
                                    .filter(name -> name.contains(id)))
                    .as("one published result, no staging left")
                    .containsExactly(id + ".csv");
        }
    }

    /** Waits until the task's job has tasks running on the TaskManagers; returns the job id. */
    private static String awaitRunningTasks(String id) {
        return await().alias("task " + id + "'s job runs")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> runningJob(id), java.util.Objects::nonNull);
    }

    /** The task's job id once one of its vertices runs, else null; the task must not end first. */
    private static String runningJob(String id) throws Exception {
        JsonNode task = json(gateway.get(API + "/tasks/" + id + "/status")).get("task");
        assertThat(task.get("status").asText()).isIn("QUEUED", "IN_PROGRESS");
        if (task.get("flinkJobId").isNull()) {
            return null;
        }
        String jobId = task.get("flinkJobId").asText();
        for (JsonNode vertex : flink.get("/jobs/" + jobId).path("vertices")) {
            if (vertex.path("status").asText().equals("RUNNING")) {
                return jobId;
            }
        }
        return null;
    }

    private static List<Integer> parallelisms(String jobId) throws Exception {
        List<Integer> parallelisms = new ArrayList<>();
        for (JsonNode vertex : flink.get("/jobs/" + jobId).path("vertices")) {
            parallelisms.add(vertex.path("parallelism").asInt());
        }
        return parallelisms;
    }

    private static Path download(String id) throws IOException {
        HttpResponse<String> response = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(response.statusCode()).isEqualTo(200);
        Path file = dir.resolve(id + ".csv");
        Files.writeString(file, response.body(), StandardCharsets.UTF_8);
        return file;
    }
}

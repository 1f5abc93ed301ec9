package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.FlinkRest;
import dev.playcount.gateway.testing.OpenMiniCluster;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
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
 * A launcher stopped while its job runs, and another started: the task still ends COMPLETED with
 * the right rows, and the cluster ran exactly one job for it. The launchers submit over REST to a
 * cluster that outlives them, as with FLINK_REST_URL.
 */
class LauncherRestartITCase {

    @TempDir Path dir;

    @Test
    void aRestartedLauncherTakesTheTaskOverAndFollowsTheRunningJobToTheEnd() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                OpenMiniCluster cluster = OpenMiniCluster.start(4);
                TestGateway api = TestGateway.start(dir, broker, Map.of())) {
            FlinkRest flink = new FlinkRest(cluster.restUrl());
            Map<String, String> env = launcherEnv(api, broker, cluster);
            Path input = new TestCsv(21).write(dir.resolve("long.csv"), 1_500_000, 100_000, 10);

            String id;
            String jobId;
            try (Gateway first = Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC())) {
                id = LauncherITCase.created(api.uploadRaw("", Files.readAllBytes(input)));
                jobId = awaitJob(api, id);
                assertThat(flink.statesOf(jobId))
                        .singleElement()
                        .isIn("INITIALIZING", "CREATED", "RUNNING");
            }
            // the job may finish while no launcher follows it; the next one records the outcome
            assertThat(status(api, id)).isEqualTo("IN_PROGRESS");

            try (Gateway second = Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC())) {
                assertCompletedOnceAndExact(api, flink, id, jobId, input);
            }
            broker.deleteQueue(api.queue());
        }
    }

    /**
     * Issue 12, item 2: a second launcher that is restarted while the first follows the job must
     * not attach to it (a launcher start no longer re-queues unfinished tasks; a request of a task
     * held under a live lease is left to its holder), so the result is published once and stays.
     */
    @Test
    void anIdleLauncherRestartedMidJobLeavesTheTaskToTheOneThatHoldsIt() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                OpenMiniCluster cluster = OpenMiniCluster.start(4);
                TestGateway api = TestGateway.start(dir, broker, Map.of())) {
            FlinkRest flink = new FlinkRest(cluster.restUrl());
            Map<String, String> env = launcherEnv(api, broker, cluster);
            env.put("MAX_CONCURRENT_JOBS", "1");
            Path input = new TestCsv(22).write(dir.resolve("long.csv"), 1_500_000, 100_000, 10);

            try (Gateway holder = Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC())) {
                String id = LauncherITCase.created(api.uploadRaw("", Files.readAllBytes(input)));
                String jobId = awaitJob(api, id);
                Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC()).close();
                try (Gateway idle = Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC())) {
                    assertCompletedOnceAndExact(api, flink, id, jobId, input);
                }
            }
            broker.deleteQueue(api.queue());
        }
    }

    private void assertCompletedOnceAndExact(
            TestGateway api, FlinkRest flink, String id, String jobId, Path input)
            throws Exception {
        JsonNode task =
                LauncherITCase.last(
                        api.awaitStatus(id, Duration.ofMinutes(3), "COMPLETED", "FAILED"));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.get("flinkJobId").asText()).isEqualTo(jobId);
        long jobsForTask = 0;
        for (JsonNode job : flink.get("/jobs/overview").path("jobs")) {
            if (job.path("name").asText().contains(id)) {
                jobsForTask++;
            }
        }
        assertThat(jobsForTask).isEqualTo(1);
        HttpResponse<String> result = api.get(API + "/tasks/" + id + "/download");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        Path downloaded = dir.resolve("result-" + id + ".csv");
        Files.writeString(downloaded, result.body(), StandardCharsets.UTF_8);
        assertThat(Oracle.readResult(downloaded)).isEqualTo(Oracle.aggregate(input).totals());
    }

    private static Map<String, String> launcherEnv(
            TestGateway api, TestBroker broker, OpenMiniCluster cluster) {
        Map<String, String> env = TestGateway.env(api.storage(), api.mongoUri(), broker.uri());
        env.put("AMQP_QUEUE", api.queue());
        env.put("ROLES", "launcher");
        env.put("FLINK_REST_URL", cluster.restUrl().toString());
        env.put("FLINK_PARALLELISM", "2");
        env.put("PROGRESS_INTERVAL", "200ms");
        // the first launcher acknowledged the request when it claimed the task: the second one
        // gets it from the sweep once the first one's lease ended
        env.put("LEASE_DURATION", "3s");
        env.put("SWEEP_INTERVAL", "500ms");
        return env;
    }

    private static String awaitJob(TestGateway api, String id) {
        return await().alias("task " + id + " has a Flink job")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> json(api.get(API + "/tasks/" + id + "/status")).get("task"),
                        task -> !task.get("flinkJobId").isNull())
                .get("flinkJobId")
                .asText();
    }

    private static String status(TestGateway api, String id) throws Exception {
        return json(api.get(API + "/tasks/" + id + "/status")).get("task").get("status").asText();
    }
}

package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.launcher.OutageTolerance;
import dev.playcount.gateway.testing.FlinkRest;
import dev.playcount.gateway.testing.LogEvents;
import dev.playcount.gateway.testing.OpenMiniCluster;
import dev.playcount.gateway.testing.TcpProxy;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher and a Flink REST endpoint that goes away mid-job: a TCP proxy between them is cut
 * (the port refuses connections, as a stopped JobManager's does) while the job runs on.
 */
class FlinkOutageITCase {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(150);

    @TempDir Path dir;

    @Test
    void anOutageShorterThanTheToleranceIsWaitedOutAndTheTaskCompletesExact() throws Exception {
        Path input = new TestCsv(7).write(dir.resolve("plays.csv"), 1_000_000, 50_000, 10);
        try (OpenMiniCluster flink = OpenMiniCluster.start(2);
                TcpProxy proxy = new TcpProxy(flink.restUrl().getPort());
                LogEvents log = LogEvents.of(OutageTolerance.class);
                TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, env(proxy, "5m"))) {
            String id = runningTask(gateway, input);

            proxy.cut();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !log.containing("did not answer").isEmpty());
            proxy.restore();

            JsonNode task =
                    LauncherITCase.last(
                            gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));
            assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
            assertThat(log.containing("answers again")).isNotEmpty();
            HttpResponse<String> result = gateway.get(API + "/tasks/" + id + "/download");
            Path file = dir.resolve("result.csv");
            Files.writeString(file, result.body(), StandardCharsets.UTF_8);
            assertThat(Oracle.readResult(file)).isEqualTo(Oracle.aggregate(input).totals());
            broker.deleteQueue(gateway.queue());
        }
    }

    @Test
    void anOutageLongerThanTheToleranceFailsTheTaskAndItsJobIsCancelled() throws Exception {
        Path input = new TestCsv(8).write(dir.resolve("plays.csv"), 1_000_000, 50_000, 10);
        try (OpenMiniCluster flink = OpenMiniCluster.start(2);
                TcpProxy proxy = new TcpProxy(flink.restUrl().getPort());
                TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway = TestGateway.start(dir, broker, env(proxy, "2s"))) {
            String id = runningTask(gateway, input);

            proxy.cut();
            JsonNode task =
                    LauncherITCase.last(
                            gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));
            proxy.restore();

            assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
            assertThat(task.get("errors").get(0).get("code").asText())
                    .isEqualTo("flink_unavailable");
            assertThat(task.get("errors").get(0).get("message").asText())
                    .startsWith("the Flink cluster did not answer for 2s (following job ");
            // the cancel sent while cut did not arrive: the launcher's job check sends it again
            // (a job this small may also have finished meanwhile); it must not run on
            String jobId = task.get("flinkJobId").asText();
            FlinkRest rest = new FlinkRest(flink.restUrl());
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> rest.statesOf(jobId),
                            s -> s.equals(List.of("CANCELED")) || s.equals(List.of("FINISHED")));
            assertThat(
                            LauncherITCase.last(gateway.awaitStatus(id, JOB_TIMEOUT, "FAILED"))
                                    .get("status")
                                    .asText())
                    .isEqualTo("FAILED");
            broker.deleteQueue(gateway.queue());
        }
    }

    private static Map<String, String> env(TcpProxy proxy, String tolerance) {
        Map<String, String> env = new HashMap<>(TestGateway.withLauncher());
        env.put("FLINK_REST_URL", "http://127.0.0.1:" + proxy.port());
        env.put("FLINK_PARALLELISM", "2");
        env.put("MAX_CONCURRENT_JOBS", "1");
        env.put("FLINK_OUTAGE_TOLERANCE", tolerance);
        return env;
    }

    /** Uploads the input and waits until its job runs; returns the task id. */
    private static String runningTask(TestGateway gateway, Path input) throws Exception {
        String id = LauncherITCase.created(gateway.uploadRaw("", Files.readAllBytes(input)));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> json(gateway.get(API + "/tasks/" + id + "/status")).get("task"),
                        t -> !t.get("flinkJobId").isNull());
        return id;
    }
}

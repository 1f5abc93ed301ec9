package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import dev.playcount.gateway.launcher.TaskLauncher;
import dev.playcount.gateway.testing.FlinkRest;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.LogEvents;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.SharedData;
import dev.playcount.pipeline.testing.TestCsv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product end to end over real HTTP: uploads run as Flink jobs on the embedded cluster (through
 * its REST API), and results are checked against an independent oracle.
 */
class LauncherITCase {

    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withLauncher();

    @TempDir static Path dir;
    static TestGateway gateway;
    static FlinkRest flink;
    static LogEvents launcherLog;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
        flink = new FlinkRest(gateway.flinkRestUrl());
        launcherLog = LogEvents.ofPackage(TaskLauncher.class);
    }

    @AfterAll
    static void stop() {
        launcherLog.close();
    }

    @Test
    void seedSampleRunsToCompletionWithRisingProgress() throws Exception {
        Path seed = SharedData.seedSample();
        String id = created(gateway.upload("", "file", "seed.csv", Files.readAllBytes(seed)));

        List<JsonNode> seen = gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED");

        JsonNode task = seen.get(seen.size() - 1);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        double last = 0;
        for (JsonNode t : seen) {
            JsonNode progress = t.get("progress");
            double percent = progress.get("percent").asDouble();
            assertThat(percent).isBetween(last, 100.0);
            last = percent;
            if (!progress.get("phase").isNull()) {
                assertThat(progress.get("phase").asText()).isIn("reading", "summing", "writing");
                assertThat(progress.get("phasePercent").asDouble()).isBetween(0.0, 100.0);
            }
            if (!t.get("status").asText().equals("COMPLETED")) {
                assertThat(percent).as(t.toString()).isLessThan(100);
            }
        }
        assertThat(last).isEqualTo(100.0);
        assertThat(task.get("progress").get("phase").asText()).isEqualTo("writing");
        assertThat(task.get("progress").get("phasePercent").asDouble()).isEqualTo(100.0);
        assertThat(task.get("rowsRead").asLong()).isEqualTo(100_000);
        assertThat(task.get("invalidRows").asLong()).isZero();
        assertThat(task.get("startedAt").isNull()).isFalse();
        assertThat(task.get("finishedAt").isNull()).isFalse();
        JsonNode receipt = task.get("receipt");
        assertThat(receipt.get("playsIn").asText()).isEqualTo(receipt.get("playsOut").asText());
        assertThat(receipt.get("inputSha256").asText())
                .isEqualTo(task.get("input").get("sha256").asText());
        String jobId = task.get("flinkJobId").asText();
        assertThat(task.get("dashboardUrl").asText()).contains("/#/job/").contains(jobId);
        assertThat(flink.statesOf(jobId)).containsExactly("FINISHED");

        Path result = download(id, "download");
        Oracle.Expected expected = Oracle.aggregate(seed);
        assertThat(Oracle.readResult(result)).isEqualTo(expected.totals());
        assertThat(task.get("rowsWritten").asLong()).isEqualTo(expected.totals().size());
        assertThat(receipt.get("resultSha256").asText())
                .isEqualTo(TaskApiITCase.sha256(Files.readAllBytes(result)));
    }

    @Test
    void quotingEdgeCasesMatchTheOracle() throws Exception {
        Path input =
                new TestCsv(7)
                        .withBom()
                        .withBlankLines(0.05)
                        .withoutFinalLineEnding()
                        .withRepeatedHeaders(0.01)
                        .write(dir.resolve("tricky.csv"), 30_000, 2_000, 20);
        String id = created(gateway.uploadRaw("?filename=tricky.csv", Files.readAllBytes(input)));

        JsonNode task = last(gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(Oracle.readResult(download(id, "download")))
                .isEqualTo(Oracle.aggregate(input).totals());
    }

    @Test
    void anInvalidRowFailsTheTaskWithItsLine() throws Exception {
        byte[] csv = invalidAtLine4();
        String id = created(gateway.uploadRaw("", csv));

        JsonNode task = last(gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));

        assertThat(task.get("status").asText()).isEqualTo("FAILED");
        JsonNode error = task.get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo("invalid_row");
        assertThat(error.get("line").asLong()).isEqualTo(4);
        assertThat(error.get("message").asText())
                .startsWith("line 4: ")
                .contains("ten")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        HttpResponse<String> download = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(download.statusCode()).isEqualTo(409);
        assertThat(json(download).get("code").asText()).isEqualTo("no_result");
    }

    @Test
    void skippedInvalidRowsAreCountedAndDownloadable() throws Exception {
        String id = created(gateway.uploadRaw("?invalidRows=skip", invalidAtLine4()));

        JsonNode task = last(gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.get("invalidRows").asLong()).isEqualTo(1);
        assertThat(task.get("rowsRead").asLong()).isEqualTo(4);
        assertThat(task.get("rowsWritten").asLong()).isEqualTo(2);
        String rejects = Files.readString(download(id, "rejects"));
        assertThat(rejects).startsWith("Line,Reason,Row\n4,").contains("ten");
        assertThat(Files.readString(download(id, "download"))).contains("Umbrella,2020-01-02,300");
    }

    @Test
    void cancellingARunningTaskCancelsItsFlinkJobAndDeletesItsFiles() throws Exception {
        Path input = longJob("cancel.csv", 11);
        String id = created(gateway.uploadRaw("", Files.readAllBytes(input)));
        String jobId = awaitJob(id);

        HttpResponse<String> cancel = gateway.delete(API + "/tasks/" + id);

        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(json(cancel).get("task").get("status").asText()).isEqualTo("CANCELLED");
        flink.awaitState(jobId, "CANCELED", Duration.ofSeconds(30));
        // the launcher logs the end once it has recorded it and removed what the job left
        await().atMost(JOB_TIMEOUT)
                .until(() -> launcherLog.containing("task " + id + " CANCELLED"), hasSize(1));
        assertThat(last(gateway.awaitStatus(id, JOB_TIMEOUT, "CANCELLED")).get("status").asText())
                .isEqualTo("CANCELLED");
        assertThat(gateway.files().input(id)).doesNotExist();
        assertThat(gateway.files().result(id)).doesNotExist();
        assertThat(gateway.files().resultStaging(id)).doesNotExist();
    }

    @Test
    void aRequestDeliveredAgainRunsNoSecondJob() throws Exception {
        Path input = manyKeys("again.csv", 5);
        String id = created(gateway.uploadRaw("", Files.readAllBytes(input)));
        String jobId = awaitJob(id);
        publishRequest(id); // while the job runs
        JsonNode task = last(gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));
        publishRequest(id); // after it ended
        // both copies handled: one met the running job (or its end), the other the ended task
        await().atMost(JOB_TIMEOUT)
                .until(
                        () -> {
                            List<String> ignored = new ArrayList<>();
                            ignored.addAll(launcherLog.containing(id, "delivered again"));
                            ignored.addAll(launcherLog.containing(id, "nothing to run"));
                            return ignored;
                        },
                        hasSize(2));

        assertThat(task.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(flink.statesOf(jobId)).containsExactly("FINISHED");
        long jobsForTask = 0;
        for (JsonNode job : flink.get("/jobs/overview").path("jobs")) {
            if (job.path("name").asText().contains(id)) {
                jobsForTask++;
            }
        }
        assertThat(jobsForTask).isEqualTo(1);
        assertThat(last(gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED")).get("finishedAt"))
                .isEqualTo(task.get("finishedAt"));
        assertThat(Oracle.readResult(download(id, "download")))
                .isEqualTo(Oracle.aggregate(input).totals());
    }

    @Test
    void twentyUploadsAtOnceAllComplete() throws Exception {
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inputs.add(new TestCsv(100 + i).write(dir.resolve("many-" + i + ".csv"), 2_000, 50, 5));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (Path input : inputs) {
                ids.add(
                        pool.submit(
                                () ->
                                        created(
                                                gateway.upload(
                                                        "",
                                                        "file",
                                                        input.getFileName().toString(),
                                                        Files.readAllBytes(input)))));
            }
            for (int i = 0; i < inputs.size(); i++) {
                String id = ids.get(i).get();
                JsonNode task = last(gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED"));
                assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
                assertThat(Oracle.readResult(download(id, "download")))
                        .isEqualTo(Oracle.aggregate(inputs.get(i)).totals());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A file whose job runs for seconds: about 400k distinct (song, date) pairs. */
    static Path manyKeys(String name, long seed) throws Exception {
        return new TestCsv(seed).write(dir.resolve(name), 600_000, 40_000, 10);
    }

    /**
     * A file whose job runs for about ten seconds (2M distinct pairs), long after its readers are
     * done: a cancel sent once the job exists lands while it runs.
     */
    static Path longJob(String name, long seed) throws Exception {
        return new TestCsv(seed).write(dir.resolve(name), 3_000_000, 200_000, 10);
    }

    static byte[] invalidAtLine4() {
        return ("Song,Date,Number of Plays\n"
                        + "Umbrella,2020-01-02,200\n"
                        + "Umbrella,2020-01-02,100\n"
                        + "Umbrella,2020-01-03,ten\n"
                        + "\"Take Me Home, Country Roads\",2020-01-01,100\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String awaitJob(String id) {
        return await().atMost(JOB_TIMEOUT)
                .until(
                        () -> json(gateway.get(API + "/tasks/" + id + "/status")).get("task"),
                        task -> !task.get("flinkJobId").isNull())
                .get("flinkJobId")
                .asText();
    }

    private void publishRequest(String id) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(app.broker().uri());
        try (Connection c = factory.newConnection();
                Channel channel = c.createChannel()) {
            channel.basicPublish(
                    "",
                    gateway.queue(),
                    MessageProperties.PERSISTENT_BASIC,
                    ("{\"taskId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private Path download(String id, String what) throws Exception {
        HttpResponse<String> response = gateway.get(API + "/tasks/" + id + "/" + what);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Path file = Files.createTempFile(dir, what, ".csv");
        Files.writeString(file, response.body(), StandardCharsets.UTF_8);
        return file;
    }

    static String created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("task").get("id").asText();
    }

    static JsonNode last(List<JsonNode> seen) {
        return seen.get(seen.size() - 1);
    }
}

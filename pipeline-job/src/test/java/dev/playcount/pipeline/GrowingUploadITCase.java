package dev.playcount.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.playcount.core.io.Sha256;
import dev.playcount.core.receipt.Receipt;
import dev.playcount.core.upload.UploadMarker;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job on a MiniCluster reading an input while a writer still appends to it, as the gateway
 * does during an upload: the result is the whole file's, and a broken upload fails the job with its
 * reason and publishes nothing.
 */
class GrowingUploadITCase {

    @TempDir Path dir;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final Configuration cluster = new Configuration();
    private int restPort;

    @BeforeEach
    void restPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            restPort = socket.getLocalPort();
        }
        cluster.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        cluster.set(RestOptions.PORT, restPort);
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private Future<Receipt> start(JobOptions options) {
        Future<Receipt> run =
                background.submit(() -> new PipelineRunner(cluster).run(options, null));
        // the job runs before the rest of the file exists
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> run.isDone() || jobsOverview().contains("\"state\":\"RUNNING\""));
        assertThat(run).as("the job waits for the rest of the upload").isNotDone();
        return run;
    }

    private String jobsOverview() {
        try {
            HttpURLConnection http =
                    (HttpURLConnection)
                            URI.create("http://127.0.0.1:" + restPort + "/jobs/overview")
                                    .toURL()
                                    .openConnection();
            http.setConnectTimeout(1000);
            http.setReadTimeout(2000);
            try (InputStream in = http.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return ""; // not up yet
        }
    }

    @Test
    void aFileReadWhileItGrowsGivesTheWholeFilesResult() throws Exception {
        Path whole =
                new TestCsv(41)
                        .withBom()
                        .withBlankLines(0.05)
                        .withRepeatedHeaders(0.001)
                        .write(dir.resolve("whole.csv"), 40_000, 2_000, 20);
        byte[] bytes = Files.readAllBytes(whole);
        Path growing = dir.resolve("in.csv");
        int first = bytes.length / 10;
        Files.write(growing, java.util.Arrays.copyOf(bytes, first));
        JobOptions options =
                JobOptions.of(growing, dir.resolve("out.csv"))
                        .withParallelism(2)
                        .withSplitBytes(32 << 10)
                        .followingUpload(Duration.ofMinutes(1));

        Future<Receipt> run = start(options);
        Random random = new Random(41);
        try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
            for (int at = first; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(64 << 10));
                out.write(bytes, at, n);
                out.flush();
                at += n;
            }
        }
        UploadMarker.complete(bytes.length, Sha256.of(bytes)).writeFor(growing);
        Receipt receipt = run.get(2, TimeUnit.MINUTES);

        Oracle.Expected expected = Oracle.aggregate(whole);
        assertThat(Oracle.readResult(options.output())).isEqualTo(expected.totals());
        assertThat(receipt.rowsRead()).isEqualTo(expected.rowsRead());
        assertThat(receipt.repeatedHeaders()).isEqualTo(expected.repeatedHeaders());
        assertThat(receipt.playsIn()).isEqualTo(expected.plays()).isEqualTo(receipt.playsOut());
        assertThat(receipt.inputSha256()).isEqualTo(Sha256.of(whole));
    }

    @Test
    void aBrokenUploadFailsItsJobWithTheReasonAndPublishesNothing() throws Exception {
        Path growing = TestCsv.lines(dir.resolve("in.csv"), "Umbrella,2020-01-01,1");
        JobOptions options =
                JobOptions.of(growing, dir.resolve("out.csv"))
                        .withParallelism(2)
                        .followingUpload(Duration.ofMinutes(1));

        Future<Receipt> run = start(options);
        UploadMarker.broken("the client closed the connection").writeFor(growing);

        assertThatThrownBy(() -> run.get(1, TimeUnit.MINUTES))
                .isInstanceOf(ExecutionException.class)
                .satisfies(
                        e ->
                                assertThat(Failures.userMessage(e))
                                        .isEqualTo(
                                                "the upload broke before it was complete: the"
                                                        + " client closed the connection"));
        assertThat(options.output()).doesNotExist();
    }

    @Test
    void aBadRowUnderFailEndsTheJobWhileTheUploadIsStillOpen() throws Exception {
        Path growing =
                TestCsv.lines(
                        dir.resolve("in.csv"),
                        "Umbrella,2020-01-01,1",
                        "Umbrella,2020-01-02,ten",
                        "Umbrella,2020-01-03,3");
        JobOptions options =
                JobOptions.of(growing, dir.resolve("out.csv"))
                        .withParallelism(2)
                        .followingUpload(Duration.ofMinutes(1));

        Future<Receipt> run =
                background.submit(() -> new PipelineRunner(cluster).run(options, null));

        // no marker ever comes: the bad row alone ends the job
        assertThatThrownBy(() -> run.get(1, TimeUnit.MINUTES))
                .isInstanceOf(ExecutionException.class)
                .satisfies(
                        e ->
                                assertThat(Failures.userMessage(e))
                                        .isEqualTo(
                                                "line 3: Number of Plays 'ten' is not a whole"
                                                        + " number: Umbrella,2020-01-02,ten"));
        assertThat(options.output()).doesNotExist();
    }
}

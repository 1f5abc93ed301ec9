package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.core.io.Sha256;
import dev.playcount.gateway.testing.ExactResult;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client in-process against the all-in-one gateway (launcher and embedded Flink cluster) over
 * real HTTP: submit, wait, download and verify against the oracle; compressed uploads give the same
 * totals; a broken upload and a broken download resume; a wrong result is caught.
 */
class ClientITCase {

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withLauncher();

    static TestGateway gateway;
    @TempDir static Path shared;
    static Path input;
    static Oracle.Expected expected;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        gateway = app.gateway();
        // ~3 MB, nearly every (song, date) distinct: a result of ~3 MB to cut in a download
        input = new TestCsv(14).write(shared.resolve("plays.csv"), 100_000, 3_000, 28);
        expected = Oracle.aggregate(input);
    }

    private Map<String, String> env(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("PLAYCOUNT_URL", url);
        env.put("PLAYCOUNT_STATE_DIR", dir.resolve("state").toString());
        return env;
    }

    private String url() {
        return gateway.uri("").toString();
    }

    private CliRun run(String url, String... args) {
        return CliRun.runWaiting(env(url), args);
    }

    private JsonNode task(String id) throws Exception {
        return TestGateway.json(gateway.get(TestGateway.API + "/tasks/" + id + "/status"))
                .get("task");
    }

    /** The id in {@code upload ID at URL} (tus) or in the summary's {@code task ID} line. */
    private static String idOf(CliRun r) {
        for (String line : (r.out() + r.err()).lines().toList()) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 2
                    && (w[0].equals("task") || w[0].equals("upload"))
                    && w[1].matches("[0-9a-f-]{36}")) {
                return w[1];
            }
        }
        throw new AssertionError("no task id in " + r);
    }

    @Test
    void submitWaitDownloadGivesTheOraclesTotals() throws Exception {
        Path out = dir.resolve("results.csv");
        CliRun r = run(url(), "submit", input.toString(), "--wait", "-o", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        String id = idOf(r);
        assertThat(r.out())
                .contains("status         COMPLETED")
                .contains("wrote " + out.toAbsolutePath());
        ExactResult.assertExact(task(id), out, expected);
        assertThat(task(id).get("input").get("sha256").asText()).isEqualTo(Sha256.of(input));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .doesNotContain("results.csv." + id + ".part");
        }
    }

    /** Whether the gateway decodes compressed uploads (the compressed-uploads part is merged). */
    private static boolean gatewayDecodes() {
        try {
            Class.forName("dev.playcount.gateway.decoding.DecodedBody");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void gzipAndZstdOnTheFlyGiveTheSameTotalsAsThePlainFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                gatewayDecodes(), "this gateway does not decode compressed uploads yet");
        for (String how : new String[] {"--gzip", "--zstd"}) {
            Path out = dir.resolve("results" + how + ".csv");
            CliRun r = run(url(), "submit", input.toString(), how, "--wait", "-o", out.toString());
            assertThat(r.exit()).as(how + ": " + r.err()).isZero();
            JsonNode task = task(idOf(r));
            assertThat(Oracle.readResult(out)).as(how).isEqualTo(expected.totals());
            assertThat(task.get("input").get("sha256").asText())
                    .as("the CSV stored")
                    .isEqualTo(Sha256.of(input));
            assertThat(task.get("input").get("name").asText())
                    .endsWith(how.equals("--gzip") ? ".csv.gz" : ".csv.zst");
        }
    }

    @Test
    void aBrokenUploadResumesFromTheServicesOffset() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(gateway.uri("").getPort())) {
            long size = Files.size(input);
            proxy.cutUploadAfter(size / 3);
            Path out = dir.resolve("results.csv");
            CliRun r =
                    run(
                            proxy.url(),
                            "submit",
                            input.toString(),
                            "--chunk-size",
                            "256KiB",
                            "--wait",
                            "-o",
                            out.toString());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(r.err()).contains("retrying (1 of 10)");
            // resumed, not sent again: at most one chunk more than the file crossed the wire
            assertThat(proxy.bytesUp()).isLessThan(size + 256 * 1024 + 64 * 1024);
            ExactResult.assertExact(task(idOf(r)), out, expected);
        }
    }

    @Test
    void aRestartedClientResumesTheSameUpload() throws Exception {
        long size = Files.size(input);
        try (CuttingProxy proxy = new CuttingProxy(gateway.uri("").getPort())) {
            proxy.cutUploadAfter(size / 2);
            CliRun first =
                    run(
                            proxy.url(),
                            "submit",
                            input.toString(),
                            "--chunk-size",
                            "256KiB",
                            "--retries",
                            "0");
            assertThat(first.exit()).as(first.err()).isEqualTo(3);
            assertThat(first.lastErr()).startsWith("error: cannot reach " + proxy.url());
            String id = idOf(first);

            long before = proxy.bytesUp();
            CliRun second = run(proxy.url(), "submit", input.toString(), "--chunk-size", "256KiB");
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.err())
                    .contains("upload " + id + " (resumed)")
                    .contains("upload resuming at");
            assertThat(second.out().strip()).isEqualTo(id);
            // the second run sent about the half the first did not
            assertThat(proxy.bytesUp() - before).isLessThan(size / 2 + 2 * 256 * 1024);
            assertThat(task(id).get("input").get("sha256").asText()).isEqualTo(Sha256.of(input));
        }
    }

    @Test
    void aCancelledUploadIsNotResumedButStartedAfresh() throws Exception {
        long size = Files.size(input);
        try (CuttingProxy proxy = new CuttingProxy(gateway.uri("").getPort())) {
            proxy.cutUploadAfter(size / 2);
            CliRun first =
                    run(
                            proxy.url(),
                            "submit",
                            input.toString(),
                            "--chunk-size",
                            "256KiB",
                            "--retries",
                            "0");
            assertThat(first.exit()).as(first.err()).isEqualTo(3);
            String id = idOf(first);

            CliRun cancel = run(proxy.url(), "cancel", id);
            assertThat(cancel.exit()).as(cancel.err()).isZero();
            assertThat(cancel.out().strip())
                    .isIn("task " + id + " CANCELLED", "upload " + id + " terminated");

            CliRun again = run(proxy.url(), "submit", input.toString(), "--chunk-size", "256KiB");
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.err()).doesNotContain("(resumed)");
            String second = again.out().strip();
            assertThat(second).isNotEqualTo(id);
            assertThat(task(second).get("input").get("sha256").asText())
                    .isEqualTo(Sha256.of(input));
        }
    }

    @Test
    void aBrokenDownloadResumesWithARange() throws Exception {
        Path first = dir.resolve("first.csv");
        CliRun r = run(url(), "submit", input.toString(), "--wait", "-o", first.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String id = idOf(r);
        long length = Files.size(first);
        assertThat(length).isGreaterThan(1_000_000);

        try (CuttingProxy proxy = new CuttingProxy(gateway.uri("").getPort())) {
            proxy.cutDownloadAfter(length / 2);
            Path out = dir.resolve("again.csv");
            CliRun d = run(proxy.url(), "download", id, "-o", out.toString());

            assertThat(d.exit()).as(d.err()).isZero();
            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(d.err()).contains("download: cannot reach").contains("resuming (1 of 10)");
            assertThat(d.err()).contains("download resuming at");
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(first));
            assertThat(d.out()).contains("SHA-256 checked");
        }
    }

    @Test
    void aPartLeftByAnEarlierRunIsResumedOrTakenWhole() throws Exception {
        Path first = dir.resolve("first.csv");
        CliRun r = run(url(), "submit", input.toString(), "--wait", "-o", first.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String id = idOf(r);
        byte[] whole = Files.readAllBytes(first);

        Path out = dir.resolve("out.csv");
        Path part = dir.resolve("out.csv." + id + ".part");
        Files.write(part, java.util.Arrays.copyOf(whole, whole.length / 3));
        CliRun half = run(url(), "download", id, "-o", out.toString());
        assertThat(half.exit()).as(half.err()).isZero();
        assertThat(half.err()).contains("download resuming at");
        assertThat(Files.readAllBytes(out)).isEqualTo(whole);
        assertThat(Files.exists(part)).isFalse();

        // a whole part: the range past its end is 416, and the part is the file
        Files.write(part, whole);
        Files.delete(out);
        CliRun full = run(url(), "download", id, "-o", out.toString());
        assertThat(full.exit()).as(full.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(whole);
    }

    @Test
    void theRejectsOfASkipTaskDownload() throws Exception {
        Path bad =
                TestCsv.lines(
                        dir.resolve("some-bad.csv"),
                        "Umbrella,2020-01-01,1",
                        "Umbrella,2020-01-02,ten",
                        "Umbrella,2020-01-01,2");
        Path out = dir.resolve("totals.csv");
        CliRun r =
                run(
                        url(),
                        "submit",
                        bad.toString(),
                        "--invalid-rows",
                        "skip",
                        "--wait",
                        "-o",
                        out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("rows           3 read, 1 written, 1 invalid");
        assertThat(Files.readString(out))
                .isEqualTo("Song,Date,Total Number of Plays for Date\nUmbrella,2020-01-01,3\n");

        Path rejects = dir.resolve("rejects.csv");
        CliRun d = run(url(), "download", idOf(r), "--rejects", "-o", rejects.toString());
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(Files.readString(rejects))
                .startsWith("Line,Reason,Row\n3,")
                .contains("Umbrella,2020-01-02,ten");
    }

    @Test
    void aResultThatIsNotTheReceiptsIsExitFour() throws Exception {
        CliRun r =
                run(
                        url(),
                        "submit",
                        input.toString(),
                        "--wait",
                        "-o",
                        dir.resolve("ok.csv").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String id = idOf(r);
        // the stored result changes behind the service's back (a disk error, a bad copy)
        Path stored = gateway.files().result(id);
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length - 2] = (byte) (bytes[bytes.length - 2] == '1' ? '2' : '1');
        Files.write(stored, bytes);

        Path out = dir.resolve("bad.csv");
        CliRun d = run(url(), "download", id, "-o", out.toString());
        assertThat(d.exit()).isEqualTo(4);
        assertThat(d.lastErr())
                .startsWith("error: " + out + ": the downloaded file's SHA-256 ")
                .contains(
                        "is not the task's "
                                + task(id).get("receipt").get("resultSha256").asText());
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void aBadRowFailsTheWaitWithItsLine() throws Exception {
        Path bad =
                TestCsv.lines(
                        dir.resolve("bad.csv"), "Umbrella,2020-01-01,1", "Umbrella,2020-01-02,ten");
        CliRun r =
                run(
                        url(),
                        "submit",
                        bad.toString(),
                        "--wait",
                        "-o",
                        dir.resolve("x.csv").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lastErr())
                .matches("error: task [0-9a-f-]{36} FAILED: line 3: Number of Plays 'ten' .*");
    }

    @Test
    void aBadHeaderIsRefusedAtUpload() throws Exception {
        Path bad =
                Files.writeString(
                        dir.resolve("semi.csv"), "Song;Date;Number of Plays\nA;2020-01-01;1\n");
        CliRun r = run(url(), "submit", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lastErr())
                .startsWith("error: upload: 400 invalid_header: ")
                .contains("';'-separated");
    }

    @Test
    void statusListAndCancel() throws Exception {
        CliRun s = run(url(), "submit", input.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        String id = s.out().strip();

        CliRun status = run(url(), "status", id);
        assertThat(status.exit()).isZero();
        assertThat(status.out())
                .startsWith("task           " + id)
                .contains("input          plays.csv, ");
        CliRun json = run(url(), "status", id, "--json");
        assertThat(
                        TestGateway.json(gateway.get(TestGateway.API + "/tasks/" + id + "/status"))
                                .get("task")
                                .get("id"))
                .isEqualTo(Json.parse(json.out()).get("task").get("id"));

        CliRun list = run(url(), "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("ID ");
        assertThat(list.out()).contains(id);

        CliRun cancel = run(url(), "cancel", id);
        // quick as it is, the job may have finished before the cancel: then it is not cancellable
        if (cancel.exit() == 0) {
            assertThat(cancel.out().strip()).isEqualTo("task " + id + " CANCELLED");
            assertThat(run(url(), "list", "--status", "CANCELLED").out()).contains(id);
        } else {
            assertThat(cancel.exit()).isEqualTo(5);
            assertThat(cancel.lastErr()).contains("409 not_cancellable");
        }
    }
}

package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.client.ScriptedService.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retry-After, bounded retries and their exit codes, against a scripted real HTTP server. */
class RetriesAndWaitsTest {

    private static final String ID = "0b956211-ba00-43c4-98e3-8b82ed12d98d";
    private static final String STATUS = "/api/v1/file-processing/tasks/" + ID + "/status";
    private static final String DOWNLOAD = "/api/v1/file-processing/tasks/" + ID + "/download";
    private static final String CSV = "Song,Date,Total Number of Plays for Date\nA,2020-01-01,5\n";

    private static final Answer BUSY =
            Answer.json(
                    503,
                    "{\"code\":\"service_unavailable\",\"message\":\"MongoDB does not"
                            + " answer\",\"details\":[]}",
                    "Retry-After",
                    "3");

    @TempDir Path dir;
    ScriptedService service;

    @BeforeEach
    void start() throws Exception {
        service = new ScriptedService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static String task(String status, String receipt) {
        return "{\"task\":{\"id\":\""
                + ID
                + "\",\"status\":\""
                + status
                + "\",\"input\":{\"name\":\"a.csv\",\"bytes\":10},"
                + "\"progress\":{\"percent\":40.0,\"phase\":\"summing\",\"phasePercent\":42.0},\"errors\":[],\"receipt\":"
                + receipt
                + "},\"next\":\""
                + STATUS
                + "\"}";
    }

    private CliRun run(String... args) {
        return CliRun.run(Map.of("PLAYCOUNT_URL", service.url()), args);
    }

    @Test
    void aBusyServiceIsWaitedOutAsItsRetryAfterSays() {
        service.on("GET", STATUS, BUSY, BUSY, Answer.json(200, task("IN_PROGRESS", "null")));
        CliRun r = run("status", ID);
        assertThat(r.exit()).isZero();
        assertThat(r.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(r.out())
                .contains("status         IN_PROGRESS")
                .contains("progress       40% summing 42%");
    }

    @Test
    void aServiceBusyPastTheRetriesIsExitThree() {
        service.on("GET", STATUS, BUSY);
        CliRun r = run("status", ID, "--retries", "4");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.lastErr())
                .isEqualTo(
                        "error: status of task "
                                + ID
                                + ": 503 service_unavailable: MongoDB does not answer");
        assertThat(r.sleeps()).hasSize(4).containsOnly(Duration.ofSeconds(3));
    }

    @Test
    void theKeyGoesAsABearerToken() {
        service.on(
                "GET",
                "/api/v1/file-processing/tasks",
                Answer.json(200, "{\"tasks\":[],\"total\":0}"));
        CliRun r =
                CliRun.run(
                        Map.of("PLAYCOUNT_URL", service.url(), "PLAYCOUNT_API_KEY", "k-123"),
                        "list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(service.authorizations()).containsExactly("Bearer k-123");
        assertThat(service.requests())
                .containsExactly("GET /api/v1/file-processing/tasks?page=1&pageSize=20");
        assertThat(r.out().strip()).isEqualTo(TaskText.listHeader().strip());
    }

    @Test
    void aRefusedKeyIsExitFive() {
        service.on(
                "GET",
                STATUS,
                Answer.json(
                        401,
                        "{\"code\":\"unauthorized\",\"message\":\"a valid API key is"
                                + " needed\",\"details\":[]}"));
        CliRun r =
                CliRun.run(
                        Map.of("PLAYCOUNT_URL", service.url(), "PLAYCOUNT_API_KEY", "wrong"),
                        "status",
                        ID);
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.lastErr())
                .isEqualTo(
                        "error: status of task "
                                + ID
                                + ": 401 unauthorized: a valid API key is needed");
    }

    @Test
    void anAnswerPastTheLimitEndsTheCall() {
        service.on(
                "GET", STATUS, Answer.json(200, "[" + "0,".repeat(LimitedText.LIMIT / 2) + "0]"));
        CliRun r = run("status", ID);
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.lastErr())
                .isEqualTo(
                        "error: "
                                + STATUS
                                + ": the answer is larger than "
                                + LimitedText.LIMIT
                                + " bytes");
    }

    @Test
    void anUnknownTaskIsExitFive() {
        service.on(
                "GET",
                STATUS,
                Answer.json(
                        404,
                        "{\"code\":\"task_not_found\",\"message\":\"no task with id "
                                + ID
                                + "\",\"details\":[]}"));
        CliRun r = run("status", ID);
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.lastErr())
                .isEqualTo(
                        "error: status of task "
                                + ID
                                + ": 404 task_not_found: no task with id "
                                + ID);
    }

    @Test
    void waitingHonoursRetryAfterAndEndsOnAFailedTaskWithItsError() {
        String failed =
                "{\"task\":{\"id\":\""
                        + ID
                        + "\",\"status\":\"FAILED\",\"progress\":{\"percent\":10.0,\"phase\":\"reading\",\"phasePercent\":40.0},\"errors\":[{\"code\":\"invalid_row\",\"message\":\"line"
                        + " 4: Number of Plays 'ten' is not a whole number:"
                        + " A,2020-01-03,ten\",\"line\":4}]},\"next\":\""
                        + STATUS
                        + "\"}";
        service.on(
                "GET",
                STATUS,
                Answer.json(200, task("QUEUED", "null")),
                Answer.json(
                        429,
                        "{\"code\":\"too_many\",\"message\":\"slow down\",\"details\":[]}",
                        "Retry-After",
                        "7"),
                Answer.json(200, failed));
        CliRun r = run("download", ID, "--wait", "-o", dir.resolve("out.csv").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lastErr())
                .isEqualTo(
                        "error: task "
                                + ID
                                + " FAILED: line 4: Number of Plays 'ten' is not a whole number:"
                                + " A,2020-01-03,ten");
        assertThat(r.sleeps()).contains(Duration.ofSeconds(7));
        assertThat(r.err()).contains("task " + ID + " QUEUED 40% summing 42%");
        assertThat(Files.exists(dir.resolve("out.csv"))).isFalse();
    }

    @Test
    void aDownloadWhoseHashIsNotTheReceiptsIsExitFourAndWritesNothing() throws Exception {
        String receipt = "{\"resultSha256\":\"" + "0".repeat(64) + "\"}";
        service.on("GET", STATUS, Answer.json(200, task("COMPLETED", receipt)))
                .on("GET", DOWNLOAD, new Answer(200, Map.of("Content-Type", "text/csv"), CSV));
        Path out = dir.resolve("out.csv");
        CliRun r = run("download", ID, "-o", out.toString());
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.lastErr())
                .startsWith("error: " + out + ": the downloaded file's SHA-256 ")
                .endsWith("; nothing written");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDownloadThatMatchesItsReceiptIsWritten() throws Exception {
        String sha =
                java.util.HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(
                                                CSV.getBytes(
                                                        java.nio.charset.StandardCharsets.UTF_8)));
        service.on(
                        "GET",
                        STATUS,
                        Answer.json(200, task("COMPLETED", "{\"resultSha256\":\"" + sha + "\"}")))
                .on("GET", DOWNLOAD, new Answer(200, Map.of("Content-Type", "text/csv"), CSV));
        Path out = dir.resolve("out.csv");
        CliRun r = run("download", ID, "-o", out.toString());
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(out)).isEqualTo(CSV);
        assertThat(r.out())
                .isEqualTo(
                        "wrote "
                                + out
                                + " ("
                                + CSV.length()
                                + " bytes, SHA-256 checked)"
                                + System.lineSeparator());
    }
}

package dev.playcount.gateway;

import static dev.playcount.gateway.LauncherITCase.created;
import static dev.playcount.gateway.LauncherITCase.last;
import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.gateway.testing.TmpfsGateway;
import dev.playcount.gateway.testing.TmpfsMount;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real full disk during a job: {@code STORAGE_DIR} is a small tmpfs that takes the upload but not
 * its result (every row a distinct song, so the result is as large as the input). The embedded
 * Flink cluster's temporary files and RocksDB stay under {@code java.io.tmpdir}, off the tmpfs, so
 * it is the result that does not fit, nothing else.
 */
class StorageFullITCase {

    private static final int DISK_MB = 8;
    private static final int DISTINCT_ROWS = 230_000; // about 5 MB in, as much out

    static TmpfsGateway fixture;
    static Path dir;
    static TmpfsMount disk;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        fixture =
                TmpfsGateway.start(
                        "StorageFullITCase",
                        DISK_MB,
                        "a full disk needs a tmpfs",
                        Map.of(
                                "ROLES", "gateway,launcher",
                                "FLINK_DASHBOARD_PORT", "0",
                                "FLINK_PARALLELISM", "2",
                                "MAX_CONCURRENT_JOBS", "1",
                                "PROGRESS_INTERVAL", "200ms",
                                "MIN_FREE_DISK", "1MB"));
        dir = fixture.dir();
        disk = fixture.disk();
        gateway = fixture.gateway();
        Path flinkTmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        assertThat(flinkTmp.startsWith(disk.dir().toAbsolutePath()))
                .as(
                        "Flink's temporary files and RocksDB (under %s) must not fill the disk",
                        flinkTmp)
                .isFalse();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aResultThatDoesNotFitFailsAsStorageFullLeavesNothingAndGivesTheSpaceBack()
            throws Exception {
        byte[] input = distinctSongs(DISTINCT_ROWS);
        FileStore files = gateway.files();
        long total = Files.getFileStore(disk.dir()).getTotalSpace();
        assertThat(2L * input.length)
                .as("the input fits, its result beside it does not")
                .isGreaterThan(total);

        String id = created(gateway.uploadRaw("?filename=distinct.csv", input));
        JsonNode task =
                last(gateway.awaitStatus(id, Duration.ofSeconds(120), "COMPLETED", "FAILED"));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        JsonNode error = task.get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo("storage_full");
        assertThat(error.get("message").asText())
                .startsWith("the result did not fit")
                .contains("No space left on device")
                .endsWith("nothing was published");
        // the launcher deletes the staging folders before it records FAILED: gone now, not later
        assertThat(files.result(id)).doesNotExist();
        assertThat(files.resultStaging(id)).doesNotExist();
        assertThat(files.rejectsStaging(id)).doesNotExist();
        HttpResponse<String> download = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(download.statusCode()).isEqualTo(409);
        assertThat(json(download).get("code").asText()).isEqualTo("no_result");
        // what the job wrote was given back: only the input (kept until cleanup) still uses space
        assertThat(files.usableSpace()).isGreaterThan(total - input.length - (256 << 10));

        Path small = new TestCsv(3).write(dir.resolve("small.csv"), 2_000, 40, 5);
        String next = created(gateway.uploadRaw("?filename=small.csv", Files.readAllBytes(small)));
        JsonNode done =
                last(gateway.awaitStatus(next, Duration.ofSeconds(120), "COMPLETED", "FAILED"));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        HttpResponse<String> result = gateway.get(API + "/tasks/" + next + "/download");
        assertThat(result.statusCode()).isEqualTo(200);
        Path downloaded = dir.resolve("small-result.csv");
        Files.writeString(downloaded, result.body(), StandardCharsets.UTF_8);
        assertThat(Oracle.readResult(downloaded)).isEqualTo(Oracle.aggregate(small).totals());
    }

    /** A CSV whose every row is a song of its own: the result has as many rows as the input. */
    private static byte[] distinctSongs(int rows) {
        ByteArrayOutputStream csv = new ByteArrayOutputStream(rows * 24);
        StringBuilder b = new StringBuilder(TestCsv.HEADER).append('\n');
        for (int i = 0; i < rows; i++) {
            b.append("song-").append(i).append(",2020-01-01,").append(i % 97).append('\n');
            if (b.length() > 1 << 16) {
                csv.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
                b.setLength(0);
            }
        }
        csv.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        return csv.toByteArray();
    }
}

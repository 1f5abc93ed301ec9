package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.testing.DistinctPairsCsv;
import dev.playcount.gateway.testing.FlinkRest;
import dev.playcount.gateway.testing.RoleProcess;
import dev.playcount.gateway.testing.ServicesMode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6: a running task cancelled through the API while no launcher runs (the only one
 * was killed). The task is CANCELLED at once, but nobody tells its Flink job; the next launcher to
 * start cancels the job (its periodic job check) and then deletes what the task left.
 */
class CancelWithoutLauncherITCase {

    @TempDir Path dir;

    @Test
    void theNextLauncherCancelsTheJobOfATaskCancelledWhileNoneRanAndDeletesItsFiles()
            throws Exception {
        // 10M rows into 6M distinct pairs on one slot (about 14 s on this project's 2 cores): the
        // job outlives the next launcher's start and first job check (JOB_CHECK_INTERVAL) by
        // seconds; 5M rows took 7 s and sometimes finished first
        Path input = DistinctPairsCsv.write(dir.resolve("plays.csv"), 10_000_000, 6_000_000);
        try (ServicesMode services =
                ServicesMode.start(dir, 1, Map.of("JOB_CHECK_INTERVAL", "1s"))) {
            RoleProcess first = services.launcher("launcher-1");
            services.gateway();
            FlinkRest flink = services.flink();
            FileStore files = new FileStore(services.storage());
            String id = services.api().upload(input);
            String jobId = services.awaitJobRunning(id, Duration.ofSeconds(60));

            first.kill();
            HttpResponse<String> cancel = services.api().cancel(id);

            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
            JsonNode cancelled = new ObjectMapper().readTree(cancel.body()).get("task");
            assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(services.api().task(id).get("status").asText()).isEqualTo("CANCELLED");
            assertThat(flink.statesOf(jobId))
                    .as("no launcher runs to tell the job")
                    .containsExactly("RUNNING");
            assertThat(files.input(id)).as("the job still reads its input").exists();

            RoleProcess second = services.launcher("launcher-2");
            flink.awaitState(jobId, "CANCELED", Duration.ofSeconds(60));
            await().alias("the cancelled task's files are deleted")
                    .atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () ->
                                    !Files.exists(files.input(id))
                                            && !Files.exists(files.resultStaging(id))
                                            && !Files.exists(files.result(id)));

            assertThat(second.log())
                    .contains("task " + id + " is CANCELLED but its Flink job " + jobId + " runs");
            assertThat(services.api().task(id).get("status").asText()).isEqualTo("CANCELLED");
            assertThat(second.isAlive()).isTrue();
        }
    }
}

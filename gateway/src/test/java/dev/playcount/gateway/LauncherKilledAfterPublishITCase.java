package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.core.io.Sha256;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.testing.DistinctPairsCsv;
import dev.playcount.gateway.testing.ExactResult;
import dev.playcount.gateway.testing.RoleProcess;
import dev.playcount.gateway.testing.ServicesMode;
import dev.playcount.pipeline.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, item 1: the launcher process is killed (SIGKILL) the moment its task's result appears
 * under its final name, between publishing it and recording COMPLETED (it lands on either side of
 * the record; the log says which). A new launcher takes the task over once the dead one's lease ran
 * out, finds the job finished and the result published, checks it against the manifest and keeps
 * it: the task ends COMPLETED with the file that was published first, and its receipt describes
 * exactly that file.
 */
class LauncherKilledAfterPublishITCase {

    private static final Logger LOG =
            LoggerFactory.getLogger(LauncherKilledAfterPublishITCase.class);

    @TempDir Path dir;

    @Test
    void aLauncherKilledBetweenPublishingAndRecordingLeavesTheResultPublishedOnce()
            throws Exception {
        // 400k distinct pairs: a result of ~9 MB, read and hashed before the move
        Path input = DistinctPairsCsv.write(dir.resolve("plays.csv"), 1_000_000, 400_000);
        Map<String, String> leases =
                Map.of("LEASE_DURATION", "3s", "SWEEP_INTERVAL", "500ms", "REQUEST_GRACE", "1s");
        try (ServicesMode services = ServicesMode.start(dir, 1, leases)) {
            RoleProcess first = services.launcher("launcher-1");
            services.gateway();
            FileStore files = new FileStore(services.storage());
            String id = services.api().upload(input);
            Path published = files.result(id);

            await().alias("task " + id + "'s result is published")
                    .atMost(Duration.ofSeconds(90))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .pollInSameThread()
                    .until(() -> Files.exists(published));
            first.kill();

            String atKill = services.api().task(id).get("status").asText();
            // the test's log shows warnings only: this is the line that says where the kill landed
            LOG.warn(
                    "launcher killed {} it recorded the task COMPLETED (status {})",
                    atKill.equals("COMPLETED") ? "after" : "before",
                    atKill);
            assertThat(atKill).isIn("IN_PROGRESS", "COMPLETED");
            String firstSha = Sha256.of(published);
            RoleProcess second = services.launcher("launcher-2");
            JsonNode task =
                    services.api().awaitStatus(id, Duration.ofSeconds(90), "COMPLETED", "FAILED");

            assertThat(task.get("status").asText())
                    .as("%s; launcher-2 log: %s", task, second.log())
                    .isEqualTo("COMPLETED");
            Path downloaded = services.api().download(id, dir.resolve("result.csv"));
            assertThat(Sha256.of(downloaded))
                    .as("the result published first is the one served")
                    .isEqualTo(firstSha);
            ExactResult.assertExact(task, downloaded, Oracle.aggregate(input));
            if (atKill.equals("IN_PROGRESS")) {
                assertThat(second.log()).contains("task " + id + " COMPLETED");
                assertThat(files.resultStaging(id))
                        .as("the publish manifest goes once the outcome is recorded")
                        .doesNotExist();
            }
        }
    }
}

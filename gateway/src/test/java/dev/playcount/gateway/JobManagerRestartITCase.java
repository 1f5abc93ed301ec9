package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.ExactResult;
import dev.playcount.gateway.testing.RoleProcess;
import dev.playcount.gateway.testing.ServicesMode;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 4: the JobManager of a standalone cluster crashes (SIGKILL) while a task's job
 * runs, and a new one starts on the same ports. Without HA it knows no job: the launcher waits the
 * outage out, finds the job gone and submits it again under the same id from the stored input, and
 * the task still ends COMPLETED with the exact result, published once.
 */
class JobManagerRestartITCase {

    @TempDir Path dir;

    @Test
    void aJobManagerRestartedMidJobCostsASubmissionNotTheTask() throws Exception {
        // 2.4M rows into ~2.3M distinct pairs: the job runs for about ten seconds on one
        // TaskManager, well past the REST API's 3 s cache of its vertices (800k rows took 4.5 s,
        // and a run once finished before the test saw a vertex running)
        Path input = new TestCsv(31).write(dir.resolve("plays.csv"), 2_400_000, 300_000, 10);
        try (ServicesMode services =
                ServicesMode.start(dir, 1, Map.of("FLINK_OUTAGE_TOLERANCE", "2m"))) {
            RoleProcess launcher = services.launcher("launcher");
            services.gateway();
            String id = services.api().upload(input);
            String jobId = services.awaitJobRunning(id, Duration.ofSeconds(60));

            services.cluster().restartJobManager();

            JsonNode task =
                    services.api().awaitStatus(id, Duration.ofSeconds(150), "COMPLETED", "FAILED");
            assertThat(task.get("status").asText())
                    .as("%s; launcher log: %s", task, launcher.log())
                    .isEqualTo("COMPLETED");
            assertThat(launcher.log())
                    .as("the launcher found the job lost and submitted it again")
                    .contains("the cluster lost job " + jobId + "; submitting it again");
            assertThat(task.get("flinkJobId").asText()).isEqualTo(jobId);
            assertThat(services.flink().statesOf(jobId))
                    .as("the new JobManager ran the job under the same id")
                    .containsExactly("FINISHED");
            Path result = services.api().download(id, dir.resolve("result.csv"));
            ExactResult.assertExact(task, result, Oracle.aggregate(input));
            assertThat(namesOf(services.storage().resolve("results"), id))
                    .as("one published result, no staging left")
                    .containsExactly(id + ".csv");
            assertThat(namesOf(services.storage().resolve("rejects"), id)).isEmpty();
            assertThat(launcher.isAlive()).isTrue();
        }
    }

    /** The names in {@code folder} that belong to task {@code id}. */
    static List<String> namesOf(Path folder, String id) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.contains(id))
                    .toList();
        }
    }
}

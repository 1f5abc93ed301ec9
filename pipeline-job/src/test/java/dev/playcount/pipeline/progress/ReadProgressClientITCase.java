package dev.playcount.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.pipeline.JobOptions;
import dev.playcount.pipeline.PlayCountJob;
import dev.playcount.pipeline.testing.TestCsv;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress from a real cluster's REST API when the readers' metrics never reached it: in BATCH mode
 * the readers often finish before the REST API first fetches metrics, and a finished reader leaves
 * none to fetch.
 */
class ReadProgressClientITCase {

    @TempDir Path dir;

    @Test
    void readersThatFinishedUnseenStillReportEverythingTheyRead() throws Exception {
        Path input = new TestCsv(3).write(dir.resolve("in.csv"), 50_000, 1_000, 5);
        JobOptions options = JobOptions.of(input, dir.resolve("out.csv")).withParallelism(2);
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        // the first request fetches metrics (none yet); the next fetch would be an hour later
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofHours(1));
        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build())) {
            cluster.start();
            ReadProgressClient client =
                    new ReadProgressClient(
                            HttpClient.newHttpClient(), cluster.getRestAddress().get());
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            PlayCountJob.configuration(options));
            new PlayCountJob(options)
                    .addTo(
                            env,
                            new org.apache.flink.core.fs.Path(dir.resolve("staging").toUri()),
                            null,
                            null);
            StreamGraph graph = env.getStreamGraph();
            JobID id = new JobID();
            graph.setJobId(id);
            cluster.submitJob(graph).get();
            Optional<ReadProgressClient.Snapshot> early = client.poll(id.toHexString());

            assertThat(cluster.requestJobResult(id).get().isSuccess()).isTrue();
            // the REST API caches a job's graph for a few seconds (web.refresh-interval)
            Optional<ReadProgressClient.Snapshot> late = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline
                    && !late.map(ReadProgressClient.Snapshot::readingDone).orElse(false)) {
                Thread.sleep(200);
                late = client.poll(id.toHexString());
            }

            assertThat(early)
                    .as("before the readers ran")
                    .satisfiesAnyOf(
                            e -> assertThat(e).isEmpty(),
                            e -> assertThat(e.get().rowsRead()).isLessThanOrEqualTo(50_000));
            assertThat(late)
                    .contains(new ReadProgressClient.Snapshot(Files.size(input), 50_000, true));
        }
    }
}

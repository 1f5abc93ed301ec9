package dev.playcount.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playcount.pipeline.JobOptions;
import dev.playcount.pipeline.PlayCountJob;
import dev.playcount.pipeline.local.LocalClusterBuilder;
import dev.playcount.pipeline.testing.TestCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress from a real cluster's REST API while real jobs run. */
class JobProgressClientITCase {

    @TempDir Path dir;

    @Test
    void manyKeysGoThroughReadingSummingAndWritingWithAMonotonePercentBelowOneHundred()
            throws Exception {
        // nearly every row its own (song, day), and little managed memory, so that the summers
        // spill to RocksDB: summing and writing take seconds, not moments
        Path input = new TestCsv(5).write(dir.resolve("in.csv"), 1_000_000, 50_000_000, 28);
        long size = Files.size(input);
        // metrics fetched every 50 ms and sampled every 25 ms: on a quiet machine the writing
        // phase of this job lasts only a few hundred milliseconds
        try (MiniCluster cluster = cluster(Duration.ofMillis(50), MemorySize.ofMebiBytes(16))) {
            JobProgressClient client = client(cluster);
            JobID id = submit(cluster, input);
            CompletableFuture<JobResult> result = cluster.requestJobResult(id);

            List<JobProgress> seen = new ArrayList<>();
            // one sample every 25 ms until the job reports itself finished
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(25))
                    .until(
                            () -> {
                                boolean ended = result.isDone();
                                Optional<JobProgress> p = client.poll(id.toHexString(), size);
                                if (p.isEmpty()) {
                                    return false;
                                }
                                seen.add(p.get());
                                // the REST API may call the job FINISHED a moment before its
                                // result is delivered: either says it has ended
                                if (!ended && !p.get().finished()) {
                                    assertThat(p.get().percent())
                                            .as(p.get().toString())
                                            .isLessThan(100);
                                }
                                return p.get().finished();
                            });

            assertThat(result.get().isSuccess()).isTrue();
            List<Phase> phases = new ArrayList<>();
            double last = 0;
            for (JobProgress p : seen) {
                assertThat(p.percent()).as(p.toString()).isGreaterThanOrEqualTo(last);
                last = p.percent();
                if (phases.isEmpty() || phases.get(phases.size() - 1) != p.phase()) {
                    phases.add(p.phase());
                }
            }
            assertThat(phases)
                    .as(seen.toString())
                    .containsExactly(Phase.READING, Phase.SUMMING, Phase.WRITING);
            assertThat(seen)
                    .as("summing counts partial sums")
                    .anyMatch(
                            p ->
                                    p.phase() == Phase.SUMMING
                                            && p.phasePercent() > 0
                                            && p.phasePercent() < 100
                                            && p.detail().endsWith(" partial sums"));
            assertThat(seen)
                    .as("writing counts keys before the end")
                    .anyMatch(
                            p -> p.phase() == Phase.WRITING && !p.finished() && p.percent() < 100);
            JobProgress end = seen.get(seen.size() - 1);
            assertThat(end.finished()).isTrue();
            assertThat(end.percent()).isEqualTo(100);
            assertThat(end.bytesRead()).isEqualTo(size);
            assertThat(end.rowsRead()).isEqualTo(1_000_000);
        }
    }

    /**
     * In BATCH mode the readers often finish before the REST API first fetches metrics, and a
     * finished reader leaves none to fetch: the accumulators still tell what they read.
     */
    @Test
    void readersThatFinishedUnseenStillReportEverythingTheyRead() throws Exception {
        Path input = new TestCsv(3).write(dir.resolve("in.csv"), 50_000, 1_000, 5);
        // the first request fetches metrics (none yet); the next fetch would be an hour later
        try (MiniCluster cluster = cluster(Duration.ofHours(1), MemorySize.ofMebiBytes(128))) {
            JobProgressClient client = client(cluster);
            JobID id = submit(cluster, input);
            Optional<JobFacts> early = client.facts(id.toHexString());

            assertThat(cluster.requestJobResult(id).get().isSuccess()).isTrue();
            // the REST API caches a job's graph for a moment (web.refresh-interval)
            JobFacts late =
                    await().atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(100))
                            .until(
                                    () -> client.facts(id.toHexString()).orElse(null),
                                    f -> f != null && f.readerFinished());

            assertThat(late.bytesRead()).isEqualTo(Files.size(input));
            assertThat(late.rowsRead()).isEqualTo(50_000);
            assertThat(late.partialSums()).isPositive().isLessThanOrEqualTo(50_000);
            // asked before the readers ran: the job may not be in the graph yet; if it is, what it
            // says is a part of what was read, and all of it once it says the readers finished
            early.ifPresent(
                    e -> {
                        assertThat(e.rowsRead()).as(e.toString()).isBetween(0L, late.rowsRead());
                        assertThat(e.bytesRead()).as(e.toString()).isBetween(0L, late.bytesRead());
                        if (e.readerFinished()) {
                            assertThat(e.rowsRead()).as(e.toString()).isEqualTo(late.rowsRead());
                        }
                    });
        }
    }

    private static MiniCluster cluster(Duration metricsEvery, MemorySize managedMemory)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, managedMemory);
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, metricsEvery);
        conf.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(200));
        return LocalClusterBuilder.loopback().slots(2).with(conf).start();
    }

    private static JobProgressClient client(MiniCluster cluster) throws Exception {
        return new JobProgressClient(cluster.getRestAddress().get());
    }

    private JobID submit(MiniCluster cluster, Path input) throws Exception {
        JobOptions options = JobOptions.of(input, dir.resolve("out.csv")).withParallelism(2);
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
        return id;
    }
}

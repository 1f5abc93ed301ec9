package dev.playcount.pipeline;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.pipeline.model.PartialSum;
import dev.playcount.pipeline.model.RejectedRow;
import dev.playcount.pipeline.model.SongDayPlays;
import dev.playcount.pipeline.model.SourceEvent;
import dev.playcount.pipeline.receipt.TallyResults;
import dev.playcount.pipeline.route.FailOnInvalidRow;
import dev.playcount.pipeline.route.RouteEvents;
import dev.playcount.pipeline.sink.CsvFileFormat;
import dev.playcount.pipeline.source.GrowingPlaysSource;
import dev.playcount.pipeline.source.PlaysCsvFormat;
import dev.playcount.pipeline.source.PlaysFileSource;
import dev.playcount.pipeline.source.SplitPlan;
import dev.playcount.pipeline.sum.PartialSumKey;
import dev.playcount.pipeline.sum.SumByFingerprint;
import dev.playcount.pipeline.sum.SumPlaysOperator;
import org.apache.flink.api.common.BatchShuffleMode;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.ManagedMemoryUseCase;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The bounded job: read the CSV in parallel splits (summing inside each reader), key by (song,
 * day), add up the partial sums, write one CSV.
 *
 * <pre>
 * read-csv -> route-events -> keyBy(song, day) -> sum-plays -> tally-results -> write-csv (N parts, joined)
 *                  '-> rejected rows -> write-rejects (1) | fail-on-invalid-row (1)
 * </pre>
 */
public final class PlayCountJob {

    /** How long a record may wait in an output buffer of a job that follows an upload. */
    static final long FOLLOW_BUFFER_TIMEOUT_MS = 100;

    private final JobOptions options;

    public PlayCountJob(JobOptions options) {
        this.options = options;
    }

    /** The job-level settings: BATCH mode, and for RocksDB, the batch state backend turned off. */
    public static Configuration configuration(JobOptions options) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // A reader that was handed several splits sometimes keeps an idle fetcher thread that only
        // the close timeout ends (30 s by default); nothing is lost either way, so do not wait
        // long.
        conf.set(SourceReaderOptions.SOURCE_READER_CLOSE_TIMEOUT, 1000L);
        // Partial sums of distinct keys barely compress, and LZ4 on both sides of the shuffle
        // cost more CPU than writing them plainly to the local disk's page cache.
        conf.set(
                NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC,
                NettyShuffleEnvironmentOptions.CompressionCodec.NONE);
        if (options.aggregation() == Aggregation.ROCKSDB) {
            // sum-plays keeps its own sums (in managed memory, then RocksDB): BATCH mode must not
            // sort its input by key first or swap in a sort-based state backend (FLINK-NOTES.md)
            conf.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
            conf.set(ExecutionOptions.SORT_INPUTS, false);
        }
        return conf;
    }

    /**
     * The settings that run the job as one pipelined region: every stage deployed at once, and
     * partial sums handed from reader to summer in memory rather than written to and read back from
     * the local disk by a blocking exchange. The adaptive batch scheduler takes only blocking and
     * hybrid exchanges, so the cluster must use the default scheduler. For a cluster that runs this
     * job alone and has no TaskManager to lose (the CLI's and the gateway's own MiniCluster): a
     * failure restarts the whole region, where blocking exchanges restart one stage.
     */
    public static Configuration pipelinedExchanges() {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.BATCH_SHUFFLE_MODE, BatchShuffleMode.ALL_EXCHANGES_PIPELINED);
        conf.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);
        return conf;
    }

    /**
     * Adds the job to {@code env}, writing the result (and rejects) into staging folders that the
     * caller publishes once the job has finished.
     *
     * @param plan the input's split boundaries if already computed, else null
     */
    public void addTo(
            StreamExecutionEnvironment env,
            Path resultStaging,
            Path rejectsStaging,
            SplitPlan plan) {
        int parallelism = options.parallelism();
        Path input = Path.fromLocalFile(options.input().toFile());
        PlaysCsvFormat format =
                new PlaysCsvFormat(options.invalidRows(), options.combinerEntries());
        Source<SourceEvent, ?, ?> source =
                options.followUpload() != null
                        ? new GrowingPlaysSource(
                                input, format, options.splitBytes(), options.followUpload())
                        : new PlaysFileSource(input, format, options.splitBytes(), plan);

        SingleOutputStreamOperator<PartialSum> partialSums =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "read-csv")
                        .uid("read-csv")
                        .setParallelism(parallelism)
                        .process(
                                new RouteEvents(options.invalidRows() == InvalidRowPolicy.FAIL),
                                TypeInformation.of(PartialSum.class))
                        .name("route-events")
                        .uid("route-events")
                        .setParallelism(parallelism);
        if (options.followUpload() != null
                && env.getConfiguration().get(ExecutionOptions.BATCH_SHUFFLE_MODE)
                        == BatchShuffleMode.ALL_EXCHANGES_PIPELINED) {
            // BATCH mode sends a buffer only once it is full: while an upload still arrives, a
            // rejected row must reach fail-on-invalid-row now, or the upload could not be ended.
            // Only pipelined exchanges take a timeout (a blocking one fails the JobManager), and
            // only they run fail-on-invalid-row while the readers still read.
            partialSums.setBufferTimeout(FOLLOW_BUFFER_TIMEOUT_MS);
        }

        SingleOutputStreamOperator<SongDayPlays> totals =
                options.aggregation() == Aggregation.ROCKSDB
                        ? sumInManagedMemory(partialSums)
                        : partialSums
                                .keyBy(new PartialSumKey())
                                .process(
                                        new SumByFingerprint(),
                                        TypeInformation.of(SongDayPlays.class))
                                .name("sum-plays");
        totals.uid("sum-plays")
                .setParallelism(parallelism)
                .map(new TallyResults())
                .name("tally-results")
                .uid("tally-results")
                .setParallelism(parallelism)
                // one part file per summer, in the same task (no shuffle, no single writer
                // behind the last sum); publishing joins the parts into one file
                .sinkTo(singleFileSink(resultStaging, "result", CsvFileFormat.results()))
                .name("write-csv")
                .uid("write-csv")
                .setParallelism(parallelism);

        DataStream<RejectedRow> rejected = partialSums.getSideOutput(RouteEvents.REJECTED);
        if (options.invalidRows() == InvalidRowPolicy.FAIL) {
            rejected.transform(
                            "fail-on-invalid-row",
                            TypeInformation.of(RejectedRow.class),
                            new FailOnInvalidRow())
                    .uid("fail-on-invalid-row")
                    .setParallelism(1)
                    .sinkTo(new DiscardingSink<>())
                    .name("discard")
                    .uid("discard")
                    .setParallelism(1);
        } else if (rejectsStaging != null) {
            rejected.sinkTo(singleFileSink(rejectsStaging, "rejects", CsvFileFormat.rejects()))
                    .name("write-rejects")
                    .uid("write-rejects")
                    .setParallelism(1);
        }
    }

    private static SingleOutputStreamOperator<SongDayPlays> sumInManagedMemory(
            DataStream<PartialSum> partialSums) {
        SingleOutputStreamOperator<SongDayPlays> totals =
                partialSums
                        .keyBy(new PartialSumKey())
                        .transform(
                                "sum-plays",
                                TypeInformation.of(SongDayPlays.class),
                                new SumPlaysOperator());
        // the operator's hash table and RocksDB cache are its share of the slot's managed memory
        totals.getTransformation()
                .declareManagedMemoryUseCaseAtOperatorScope(ManagedMemoryUseCase.OPERATOR, 100);
        return totals;
    }

    private static <T> FileSink<T> singleFileSink(
            Path folder, String prefix, BulkWriter.Factory<T> format) {
        return FileSink.forBulkFormat(folder, format)
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix(prefix)
                                .withPartSuffix(".csv")
                                .build())
                .build();
    }
}

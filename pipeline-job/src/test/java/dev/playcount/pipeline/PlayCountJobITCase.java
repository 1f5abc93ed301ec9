package dev.playcount.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.core.io.Sha256;
import dev.playcount.core.receipt.Receipt;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.SharedData;
import dev.playcount.pipeline.testing.TestCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the real job on a local MiniCluster and checks every result against {@link Oracle}. */
class PlayCountJobITCase {

    @TempDir Path dir;

    private Configuration cluster = new Configuration();

    private Receipt run(JobOptions options) throws Exception {
        return new PipelineRunner(cluster).run(options, null);
    }

    private JobOptions options(Path input) {
        return JobOptions.of(input, dir.resolve("out.csv")).withParallelism(2);
    }

    /** Runs the job and asserts its output, receipt and hashes against the oracle. */
    private Receipt assertMatchesOracle(JobOptions options) throws Exception {
        Oracle.Expected expected = Oracle.aggregate(options.input());
        Receipt receipt = run(options);
        assertThat(Oracle.readResult(options.output())).isEqualTo(expected.totals());
        assertThat(receipt.rowsRead()).isEqualTo(expected.rowsRead());
        assertThat(receipt.repeatedHeaders()).isEqualTo(expected.repeatedHeaders());
        assertThat(receipt.invalidRows()).isEqualTo(expected.invalidLines().size());
        assertThat(receipt.playsIn()).isEqualTo(expected.plays()).isEqualTo(receipt.playsOut());
        assertThat(receipt.rowsWritten()).isEqualTo(expected.totals().size());
        assertThat(receipt.inputSha256()).isEqualTo(Sha256.of(options.input()));
        assertThat(receipt.resultSha256()).isEqualTo(Sha256.of(options.output()));
        assertThat(leftovers()).as("staging folders are removed").isEmpty();
        return receipt;
    }

    /** Runs the job, expecting it to fail with exactly this one-line message and leave nothing. */
    private void assertFailsWith(JobOptions options, String message) throws IOException {
        assertThatThrownBy(() -> run(options))
                .satisfies(e -> assertThat(Failures.userMessage(e)).isEqualTo(message));
        assertThat(options.output()).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    private Stream<Path> leftovers() throws IOException {
        return Files.list(dir)
                .filter(p -> p.getFileName().toString().contains(".staging-"))
                .toList()
                .stream();
    }

    static Stream<Arguments> aggregations() {
        return Stream.of(Arguments.of(Aggregation.ROCKSDB), Arguments.of(Aggregation.SORT));
    }

    @ParameterizedTest
    @MethodSource("aggregations")
    void seedSampleMatchesOracle(Aggregation aggregation) throws Exception {
        Path seed = SharedData.seedSample();
        Receipt receipt =
                assertMatchesOracle(
                        JobOptions.of(seed, dir.resolve("out.csv"))
                                .withParallelism(2)
                                .withAggregation(aggregation));
        assertThat(receipt.rowsRead()).isEqualTo(100_000);
        assertThat(receipt.rowsWritten()).isEqualTo(28_028);
    }

    @ParameterizedTest
    @MethodSource("aggregations")
    void quotedNewlinesAndCrlfAtEverySplitBoundary(Aggregation aggregation) throws Exception {
        Path input =
                new TestCsv(7)
                        .withBom()
                        .withBlankLines(0.05)
                        .withoutFinalLineEnding()
                        .write(dir.resolve("tricky.csv"), 400, 40, 5);
        for (long splitBytes : new long[] {13, 64, 257}) {
            assertMatchesOracle(
                    options(input)
                            .withAggregation(aggregation)
                            .withSplitBytes(splitBytes)
                            .withParallelism(3));
        }
    }

    @Test
    void outputIsUtf8WithLfEndingsAndMinimalQuoting() throws Exception {
        Path input =
                TestCsv.lines(
                        dir.resolve("in.csv"),
                        "\"Take Me Home, Country Roads\",2020-01-01,100",
                        "\"Say \"\"Hi\"\"\",2020-01-01,1",
                        "\"Two\r\nLines\",2020-01-01,2",
                        "\"Plain\",2020-01-01,3",
                        "Café,2020-01-01,4");
        run(options(input).withParallelism(1));
        assertThat(
                        Files.readString(dir.resolve("out.csv"), StandardCharsets.UTF_8)
                                .lines()
                                .sorted()
                                .toList())
                .containsExactly(
                        "\"Say \"\"Hi\"\"\",2020-01-01,1",
                        "\"Take Me Home, Country Roads\",2020-01-01,100",
                        "\"Two",
                        "Café,2020-01-01,4",
                        "Lines\",2020-01-01,2",
                        "Plain,2020-01-01,3",
                        "Song,Date,Total Number of Plays for Date");
        byte[] bytes = Files.readAllBytes(dir.resolve("out.csv"));
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .startsWith("Song,Date,Total Number of Plays for Date\n");
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
    }

    @ParameterizedTest
    @MethodSource("aggregations")
    void manyDistinctKeysWithASmallCombiner(Aggregation aggregation) throws Exception {
        Path input = new TestCsv(11).write(dir.resolve("wide.csv"), 120_000, 30_000, 28);
        Receipt receipt =
                assertMatchesOracle(
                        options(input).withAggregation(aggregation).withCombinerEntries(500));
        assertThat(receipt.rowsWritten()).isGreaterThan(80_000);
    }

    @Test
    void sumsSpilledToRocksDbManyTimesStillMatchTheOracle() throws Exception {
        // 8 MB of managed memory: 4 MB per slot hold about 60k keys, so each of the two summers
        // spills its ~150k keys to RocksDB several times
        cluster.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(8));
        Path input = new TestCsv(5).write(dir.resolve("wider.csv"), 400_000, 100_000, 28);
        Receipt receipt = assertMatchesOracle(options(input));
        assertThat(receipt.rowsWritten()).isGreaterThan(250_000);
    }

    @Test
    void headerOnlyFileGivesHeaderOnlyResult() throws Exception {
        Path input =
                Files.writeString(dir.resolve("empty.csv"), "\uFEFFSong,Date,Number of Plays\r\n");
        Receipt receipt = run(options(input));
        assertThat(Files.readString(dir.resolve("out.csv")))
                .isEqualTo("Song,Date,Total Number of Plays for Date\n");
        assertThat(receipt.rowsRead()).isZero();
        assertThat(receipt.rowsWritten()).isZero();
    }

    @Test
    void repeatedHeadersAreCountedNotRejected() throws Exception {
        Path input =
                new TestCsv(3)
                        .withRepeatedHeaders(0.01)
                        .write(dir.resolve("cat.csv"), 5_000, 100, 10);
        Receipt receipt = assertMatchesOracle(options(input).withSplitBytes(4096));
        assertThat(receipt.repeatedHeaders()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("aggregations")
    void failPolicyReportsTheFirstInvalidRowOfTheFile(Aggregation aggregation) throws Exception {
        StringBuilder rows = new StringBuilder("Song,Date,Number of Plays\n");
        for (int i = 0; i < 2_000; i++) {
            if (i == 700) {
                rows.append("Umbrella,2020-02-30,5\n");
            } else if (i == 1_500 || i == 1_900) {
                rows.append("Umbrella,2020-01-01,lots\n");
            } else {
                rows.append("Song ").append(i % 50).append(",2020-01-01,").append(i).append('\n');
            }
        }
        Path input = Files.writeString(dir.resolve("bad.csv"), rows);
        JobOptions options =
                options(input)
                        .withAggregation(aggregation)
                        .withSplitBytes(2_000)
                        .withParallelism(2);
        assertFailsWith(
                options,
                "line 702: Date '2020-02-30' is not an existing"
                        + " date in the form yyyy-MM-dd:"
                        + " Umbrella,2020-02-30,5");
    }

    @Test
    void skipPolicyLeavesInvalidRowsOutAndWritesRejects() throws Exception {
        Path input =
                TestCsv.lines(
                        dir.resolve("mixed.csv"),
                        "Umbrella,2020-01-01,10",
                        "Umbrella,2020-13-01,10",
                        ",2020-01-01,1",
                        "\"Multi\nLine\",2020-01-01,-3",
                        "Umbrella,2020-01-01,5",
                        "Too,Many,Fields,Here",
                        "",
                        "Umbrella,2020-01-02,1");
        Path rejects = dir.resolve("rejects.csv");
        JobOptions options =
                options(input).withInvalidRows(InvalidRowPolicy.SKIP, rejects).withSplitBytes(40);
        Receipt receipt = assertMatchesOracle(options);
        assertThat(receipt.invalidRows()).isEqualTo(4);
        assertThat(receipt.rowsAggregated()).isEqualTo(3);
        assertThat(Oracle.readResult(dir.resolve("out.csv")))
                .containsEntry(Oracle.key("Umbrella", "2020-01-01"), 15L)
                .containsEntry(Oracle.key("Umbrella", "2020-01-02"), 1L)
                .hasSize(2);
        String rejected = Files.readString(rejects);
        assertThat(rejected).startsWith("Line,Reason,Row\n");
        assertThat(rejected.lines().filter(l -> !l.isEmpty()).count())
                .isEqualTo(6); // header + 4 rows, one on 2 lines
        assertThat(rejected)
                .contains(
                        "3,Date '2020-13-01' is not an existing date in the form"
                                + " yyyy-MM-dd,\"Umbrella,2020-13-01,10\"\n")
                .contains("4,Song is empty,\",2020-01-01,1\"\n")
                .contains(
                        "5,Number of Plays '-3' is not a whole number,\"\"\"Multi\n"
                                + "Line\"\",2020-01-01,-3\"\n")
                .contains(
                        "8,\"expected 3 fields as in the header, found"
                                + " 4\",\"Too,Many,Fields,Here\"\n");
    }

    @Test
    void overflowingTotalFailsInsteadOfWrapping() throws Exception {
        Path input =
                TestCsv.lines(
                        dir.resolve("big.csv"),
                        "Umbrella,2020-01-01,9223372036854775807",
                        "Other,2020-01-01,9223372036854775807",
                        "Umbrella,2020-01-01,1");
        // one split per row: the overflow happens in keyed state, not in a reader's combiner
        for (Aggregation aggregation : Aggregation.values()) {
            JobOptions options = options(input).withAggregation(aggregation).withSplitBytes(1);
            assertFailsWith(
                    options,
                    "the total plays of 'Umbrella' on 2020-01-01"
                            + " exceed 9223372036854775807 (64-bit"
                            + " overflow)");
        }
        // and in one split, inside the combiner
        assertThatThrownBy(() -> run(options(input).withParallelism(1)))
                .satisfies(e -> assertThat(Failures.userMessage(e)).contains("64-bit overflow"));
    }

    @Test
    void grandTotalBeyondALongStillBalances() throws Exception {
        Path input =
                TestCsv.lines(
                        dir.resolve("huge.csv"),
                        "A,2020-01-01,9223372036854775807",
                        "B,2020-01-01,9223372036854775807",
                        "C,2020-01-01,9223372036854775807");
        Receipt receipt = assertMatchesOracle(options(input).withSplitBytes(1));
        assertThat(receipt.playsIn())
                .isEqualTo(
                        java.math.BigInteger.valueOf(Long.MAX_VALUE)
                                .multiply(java.math.BigInteger.valueOf(3)));
    }
}

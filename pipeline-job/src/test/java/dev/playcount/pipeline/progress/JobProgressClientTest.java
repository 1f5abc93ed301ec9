package dev.playcount.pipeline.progress;

import static dev.playcount.pipeline.progress.FakeFlinkRest.JOB;
import static dev.playcount.pipeline.progress.FakeFlinkRest.vertex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.pipeline.progress.FakeFlinkRest.Vertex;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Phase and percentages from hand-made REST snapshots of each stage of a run, served by a real HTTP
 * server: names, statuses and metric ids as Flink 2.3 shows them for this job.
 */
class JobProgressClientTest {

    static final long INPUT = 5_678;
    static final String READER = "Source: read-csv -> route-events";
    static final String SUMMER = "sum-plays -> tally-results";

    FakeFlinkRest rest;
    JobProgressClient client;

    @BeforeEach
    void start() throws Exception {
        rest = FakeFlinkRest.start();
        client = new JobProgressClient(rest.uri());
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    static Vertex reader(String status) {
        return vertex("r", READER, status, 0, 0);
    }

    static Vertex summer(String status, long in, long out) {
        return vertex("s", SUMMER, status, in, out);
    }

    JobProgress poll() throws Exception {
        return client.poll(JOB, INPUT).orElseThrow();
    }

    @Test
    void nothingBeforeTheReadersAreInTheGraph() throws Exception {
        rest.show("INITIALIZING", Map.of());

        assertThat(client.poll(JOB, INPUT)).isEmpty();
    }

    @Test
    void readingCountsBytesOfTheInputFromTheReadersMetrics() throws Exception {
        rest.show(
                "RUNNING",
                Map.of("bytesRead", 1_000L, "rowsRead", 90L),
                reader("RUNNING")
                        .counter("Source__read-csv.playcountBytesRead", 1_234)
                        .counter("Source__read-csv.playcountRowsRead", 99));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.READING);
        assertThat(p.phasePercent()).isEqualTo(21.7);
        assertThat(p.percent()).isEqualTo(5.4);
        assertThat(p.bytesRead()).isEqualTo(1_234);
        assertThat(p.rowsRead()).isEqualTo(99);
        assertThat(p.detail()).isEqualTo("1,234 of 5,678 bytes, 99 rows");
        assertThat(ProgressPrinter.line(p))
                .isEqualTo("progress           5% reading: 1,234 of 5,678 bytes, 99 rows");
    }

    @Test
    void readersThatFinishedUnseenReportTheirAccumulatorsAndSummingStartsAtItsBand()
            throws Exception {
        rest.show(
                "RUNNING",
                Map.of("bytesRead", INPUT, "rowsRead", 100L, "partialSums", 80L),
                reader("FINISHED"),
                summer("INITIALIZING", 0, 0));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.SUMMING);
        assertThat(p.phasePercent()).isZero();
        assertThat(p.percent()).isEqualTo(25);
        assertThat(p.bytesRead()).isEqualTo(INPUT);
        assertThat(p.rowsRead()).isEqualTo(100);
        assertThat(p.detail()).isEqualTo("0 of 80 partial sums");
    }

    @Test
    void summingCountsPartialSumsTakenInOfThoseTheReadersSent() throws Exception {
        rest.show(
                "RUNNING",
                Map.of("bytesRead", INPUT, "rowsRead", 50_000_000L, "partialSums", 40_000_000L),
                reader("FINISHED"),
                summer("RUNNING", 11_000_000, 0)
                        .counter("sum-plays.playcountSumsIn", 12_000_000)
                        .counter("sum-plays.playcountKeysWritten", 0)
                        .gauge("sum-plays.playcountWrittenPpm", 0));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.SUMMING);
        assertThat(p.phasePercent()).isEqualTo(30);
        assertThat(p.percent()).isEqualTo(35.5);
        assertThat(ProgressPrinter.line(p))
                .isEqualTo("progress          35% summing: 12,000,000 of 40,000,000 partial sums");
    }

    @Test
    void allSumsInButNoneWrittenYetIsTheEndOfSumming() throws Exception {
        rest.show(
                "RUNNING",
                Map.of("partialSums", 40L),
                reader("FINISHED"),
                summer("RUNNING", 40, 0).counter("sum-plays.playcountSumsIn", 40));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.SUMMING);
        assertThat(p.phasePercent()).isEqualTo(100);
        assertThat(p.percent()).isEqualTo(60);
    }

    @Test
    void writingFollowsTheSummersWrittenFractionAndEstimatesTheKeys() throws Exception {
        rest.show(
                "RUNNING",
                Map.of("partialSums", 40_000_000L),
                reader("FINISHED"),
                summer("RUNNING", 40_000_000, 8_000_000)
                        .counter("sum-plays.playcountSumsIn", 40_000_000)
                        .counter("sum-plays.playcountKeysWritten", 9_000_000)
                        .gauge("sum-plays.playcountWrittenPpm", 900_000));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.WRITING);
        // emitting is 70% of writing when a separate writer then fills the file
        assertThat(p.phasePercent()).isEqualTo(63);
        assertThat(p.percent()).isEqualTo(85.2);
        assertThat(p.detail()).isEqualTo("9,000,000 of about 10,000,000 keys");
    }

    @Test
    void writingIntoTheFileCountsRowsOfTheKnownKeys() throws Exception {
        rest.show(
                "RUNNING",
                Map.of("partialSums", 40_000_000L, "rowsWritten", 10_000_000L),
                reader("FINISHED"),
                summer("FINISHED", 40_000_000, 10_000_000)
                        .counter("sum-plays.playcountKeysWritten", 9_500_000),
                vertex("w", "write-csv: Writer", "RUNNING", 5_000_000, 0),
                vertex("c", "write-csv: Committer", "CREATED", 0, 0));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.WRITING);
        assertThat(p.phasePercent()).isEqualTo(85);
        assertThat(p.percent()).isEqualTo(94);
        assertThat(p.detail()).isEqualTo("5,000,000 of 10,000,000 rows into the file");
    }

    @Test
    void aFinishedSummerAndWriterLeaveTheBarBelowOneHundredUntilTheJobHasFinished()
            throws Exception {
        Vertex summer = summer("FINISHED", 40, 10);
        Vertex writer = vertex("w", "write-csv: Writer", "FINISHED", 10, 0);
        rest.show("RUNNING", Map.of("partialSums", 40L), reader("FINISHED"), summer, writer);

        assertThat(poll().percent()).isEqualTo(99.9);
        assertThat(poll().finished()).isFalse();

        rest.show("FINISHED", Map.of("partialSums", 40L), reader("FINISHED"), summer, writer);

        assertThat(poll().percent()).isEqualTo(100);
        assertThat(poll().finished()).isTrue();
    }

    @Test
    void aWriterChainedToTheSummerIsWritingWhileTheSummerEmits() throws Exception {
        rest.show(
                "RUNNING",
                Map.of("partialSums", 10_000_000L),
                reader("FINISHED"),
                vertex("s", SUMMER + " -> write-csv: Writer", "RUNNING", 10_000_000, 0)
                        .counter("sum-plays.playcountSumsIn", 10_000_000)
                        .counter("sum-plays.playcountKeysWritten", 2_500_000)
                        .gauge("sum-plays.playcountWrittenPpm", 500_000));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.WRITING);
        assertThat(p.phasePercent()).isEqualTo(50);
        assertThat(p.percent()).isEqualTo(80);
        assertThat(p.detail()).isEqualTo("2,500,000 of about 5,000,000 keys");
    }

    @Test
    void withoutAWrittenFractionKeysOverSumsInIsALowerBound() throws Exception {
        // the sort-based mode: totals leave while sums arrive, and no fraction is reported
        rest.show(
                "RUNNING",
                Map.of("partialSums", 6_000_000L),
                reader("FINISHED"),
                summer("RUNNING", 6_000_000, 3_000_000)
                        .counter("sum-plays.playcountSumsIn", 6_000_000)
                        .counter("sum-plays.playcountKeysWritten", 3_000_000));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.WRITING);
        assertThat(p.phasePercent()).isEqualTo(35);
        assertThat(p.detail()).isEqualTo("3,000,000 keys");
    }

    @Test
    void totalsLeavingWhileSumsStillArriveAreStillSumming() throws Exception {
        rest.show(
                "RUNNING",
                Map.of("partialSums", 6_000_000L),
                reader("FINISHED"),
                summer("RUNNING", 3_000_000, 1_000_000)
                        .counter("sum-plays.playcountSumsIn", 3_000_000)
                        .counter("sum-plays.playcountKeysWritten", 1_000_000));

        JobProgress p = poll();

        assertThat(p.phase()).isEqualTo(Phase.SUMMING);
        assertThat(p.phasePercent()).isEqualTo(50);
    }
}

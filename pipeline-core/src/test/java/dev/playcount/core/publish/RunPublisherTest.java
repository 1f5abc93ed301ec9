package dev.playcount.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.csv.OutputHeaders;
import dev.playcount.core.error.ErrorCode;
import dev.playcount.core.error.PipelineException;
import dev.playcount.core.io.Sha256;
import dev.playcount.core.receipt.Receipt;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPublisherTest {

    @TempDir Path dir;

    private static Receipt counts(long rowsRead, long aggregated, long plays, long written) {
        return new Receipt(
                rowsRead,
                aggregated,
                rowsRead - aggregated,
                0,
                BigInteger.valueOf(plays),
                BigInteger.valueOf(plays),
                written,
                null,
                null,
                Duration.ZERO);
    }

    private static Receipt onePlayLost() {
        return new Receipt(
                1, 1, 0, 0, BigInteger.TWO, BigInteger.ONE, 1, null, null, Duration.ZERO);
    }

    private SingleFilePublisher staged(String name, String content) throws Exception {
        SingleFilePublisher publisher = SingleFilePublisher.forTarget(dir.resolve(name));
        Files.createDirectories(publisher.staging());
        Files.writeString(publisher.staging().resolve("part-0.csv"), content);
        return publisher;
    }

    @Test
    void publishesBothFilesAndCompletesTheReceipt() throws Exception {
        SingleFilePublisher result =
                staged(
                        "out.csv",
                        OutputHeaders.RESULT + "\n\"a\nb\",2020-01-01,3\nc,2020-01-02,4\n");
        SingleFilePublisher rejects =
                staged("rejects.csv", OutputHeaders.REJECTS + "\n3,bad,\"x,y\"\n");

        Receipt done =
                new RunPublisher(result, rejects)
                        .publish(counts(3, 2, 7, 2), () -> "in", () -> Duration.ofSeconds(2));

        assertThat(done.inputSha256()).isEqualTo("in");
        assertThat(done.resultSha256()).isEqualTo(Sha256.of(dir.resolve("out.csv")));
        assertThat(done.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(dir.resolve("rejects.csv")).content().startsWith(OutputHeaders.REJECTS);
        // only the manifests stay, for a repeated publish; cleanup removes them with the task
        assertThat(result.staging()).isDirectoryContaining("glob:**/.published");
        try (var left = Files.list(result.staging())) {
            assertThat(left).hasSize(1);
        }
        assertThat(rejects.staging()).isDirectoryContaining("glob:**/.published");
    }

    @Test
    void countsThatDoNotBalancePublishNothingAndKeepAnOlderFile() throws Exception {
        Files.writeString(dir.resolve("out.csv"), "the user's older file\n");
        SingleFilePublisher result = staged("out.csv", OutputHeaders.RESULT + "\na,2020-01-01,1\n");

        assertThatThrownBy(
                        () ->
                                new RunPublisher(result, null)
                                        .publish(onePlayLost(), () -> "in", () -> null))
                .isInstanceOfSatisfying(
                        PipelineException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.RECEIPT_MISMATCH);
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "the run's counts do not balance, so its result was"
                                                    + " not published: rows read");
                        });
        assertThat(result.staging()).doesNotExist();
        assertThat(dir.resolve("out.csv")).hasContent("the user's older file");
    }

    @Test
    void aPublishedFileWithOtherRowsThanWrittenIsWithdrawn() throws Exception {
        SingleFilePublisher result = staged("out.csv", OutputHeaders.RESULT + "\na,2020-01-01,1\n");

        assertThatThrownBy(
                        () ->
                                new RunPublisher(result, null)
                                        .publish(counts(1, 1, 1, 2), () -> "in", () -> null))
                .isInstanceOfSatisfying(
                        PipelineException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.RECEIPT_MISMATCH);
                            assertThat(e.getMessage()).contains("holds 1 rows, not the 2 written");
                        });
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void aMoveThatFailsIsAPublishFailure() throws Exception {
        SingleFilePublisher result = staged("out.csv", OutputHeaders.RESULT + "\n");
        // the target is a non-empty folder: the atomic move cannot replace it
        Files.createDirectories(dir.resolve("out.csv").resolve("inside"));

        assertThatThrownBy(
                        () ->
                                new RunPublisher(result, null)
                                        .publish(counts(0, 0, 0, 0), () -> "in", () -> null))
                .isInstanceOfSatisfying(
                        PipelineException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.PUBLISH_FAILED);
                            assertThat(e.getMessage())
                                    .startsWith("the result could not be published: ");
                        });
        assertThat(result.staging()).doesNotExist();
    }

    @Test
    void aRepeatedPublishOfTheSameRunKeepsItsResult() throws Exception {
        String content = OutputHeaders.RESULT + "\na,2020-01-01,1\nb,2020-01-02,2\n";
        SingleFilePublisher result = staged("out.csv", content);
        Receipt first =
                new RunPublisher(result, null).publish(counts(2, 2, 3, 2), () -> "in", () -> null);

        // the launcher stopped before recording it; the request comes again
        Receipt again =
                new RunPublisher(
                                SingleFilePublisher.withStaging(result.target(), result.staging()),
                                null)
                        .publish(counts(2, 2, 3, 2), () -> "in", () -> null);

        assertThat(dir.resolve("out.csv")).hasContent(content.strip());
        assertThat(again.resultSha256()).isEqualTo(first.resultSha256());
    }

    @Test
    void aRunThatWroteRowsButStagedNothingPublishesNoEmptyFile() throws Exception {
        SingleFilePublisher result = SingleFilePublisher.forTarget(dir.resolve("out.csv"));

        assertThatThrownBy(
                        () ->
                                new RunPublisher(result, null)
                                        .publish(counts(1, 1, 1, 1), () -> "in", () -> null))
                .isInstanceOfSatisfying(
                        PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RECEIPT_MISMATCH));
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void aPublishedResultThatIsGoneIsAFailureNotAnEmptyResult() throws Exception {
        SingleFilePublisher result = staged("out.csv", OutputHeaders.RESULT + "\n");
        new RunPublisher(result, null).publish(counts(0, 0, 0, 0), () -> "in", () -> null);
        Files.delete(result.target());

        assertThatThrownBy(
                        () ->
                                new RunPublisher(result, null)
                                        .publish(counts(0, 0, 0, 0), () -> "in", () -> null))
                .isInstanceOfSatisfying(
                        PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PUBLISH_FAILED));
        assertThat(result.target()).doesNotExist();
    }

    @Test
    void anInterruptedCheckKeepsThePublishedResultAndTheNextPublishFinishesIt() throws Exception {
        String content = OutputHeaders.RESULT + "\na,2020-01-01,1\n";
        SingleFilePublisher result = staged("out.csv", content);
        new RunPublisher(result, null).publish(counts(1, 1, 1, 1), () -> "in", () -> null);

        publishInterrupted(result);
        assertThat(dir.resolve("out.csv")).hasContent(content.strip());

        Receipt done =
                new RunPublisher(result, null).publish(counts(1, 1, 1, 1), () -> "in", () -> null);
        assertThat(done.resultSha256()).isEqualTo(Sha256.of(dir.resolve("out.csv")));
    }

    @Test
    void anInterruptedFirstPublishKeepsWhatIsStaged() throws Exception {
        String content = OutputHeaders.RESULT + "\na,2020-01-01,1\n";
        SingleFilePublisher result = staged("out.csv", content);

        publishInterrupted(result);
        new RunPublisher(result, null).publish(counts(1, 1, 1, 1), () -> "in", () -> null);
        assertThat(dir.resolve("out.csv")).hasContent(content.strip());
    }

    /** A publish on an interrupted thread (a launcher stopping) is cut short, not failed. */
    private static void publishInterrupted(SingleFilePublisher result) {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(
                            () ->
                                    new RunPublisher(result, null)
                                            .publish(counts(1, 1, 1, 1), () -> "in", () -> null))
                    .isInstanceOf(PublishUnverifiedException.class);
        } finally {
            Thread.interrupted();
        }
    }
}

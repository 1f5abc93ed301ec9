package dev.playcount.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.error.ErrorCode;
import dev.playcount.core.error.PipelineException;
import dev.playcount.core.io.Sha256;
import dev.playcount.core.upload.UploadMarker;
import dev.playcount.pipeline.testing.TestCsv;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The growing input polled as an upload appends to it: every split is record-aligned, the splits
 * tile the file, line numbers are right, and each way an upload can go wrong ends it clearly.
 */
class GrowingInputTest {

    @TempDir Path dir;

    private final AtomicLong nanos = new AtomicLong();

    private GrowingInput follow(Path file, long splitBytes) {
        return new GrowingInput(
                new GrowingInput.Settings(
                        org.apache.flink.core.fs.Path.fromLocalFile(file.toFile()),
                        splitBytes,
                        Duration.ofSeconds(30)),
                nanos::get);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 100, 4096})
    void splitsCutAsBytesLandAreRecordAlignedAndTileTheFile(long splitBytes) throws Exception {
        byte[] whole =
                Files.readAllBytes(
                        new TestCsv(splitBytes)
                                .withBom()
                                .withBlankLines(0.1)
                                .write(dir.resolve("whole.csv"), 400, 40, 5));
        Path growing = dir.resolve("in.csv");
        Files.write(growing, new byte[0]);
        GrowingInput input = follow(growing, splitBytes);
        List<FileSourceSplit> splits = new ArrayList<>();
        int written = 0;
        for (int end : chunkEnds(whole, new Random(splitBytes))) {
            append(growing, whole, written, end);
            written = end;
            GrowingInput.Found found = input.poll();
            if (end % 3 == 0) {
                // a pause: the records that landed are handed out
                GrowingInput.Found more = input.poll();
                found = new GrowingInput.Found(concat(found.splits(), more.splits()), false);
            }
            assertThat(found.complete()).as("not complete without a marker").isFalse();
            splits.addAll(found.splits());
            for (FileSourceSplit s : found.splits()) {
                assertThat(s.offset() + s.length())
                        .as("only landed bytes")
                        .isLessThanOrEqualTo(end);
            }
        }
        UploadMarker.complete(whole.length, Sha256.of(whole)).writeFor(growing);
        GrowingInput.Found last = input.poll();
        assertThat(last.complete()).isTrue();
        splits.addAll(last.splits());
        assertThat(input.poll()).isEqualTo(new GrowingInput.Found(List.of(), true));

        if (splitBytes < 1000) {
            assertThat(splits).as("many splits").hasSizeGreaterThan(10);
        }
        long expectedStart = 0;
        for (FileSourceSplit s : splits) {
            assertThat(s.offset()).as("splits are contiguous").isEqualTo(expectedStart);
            assertThat(s.length()).isPositive();
            expectedStart = s.offset() + s.length();
            int cut = (int) s.offset();
            long quotes = 0;
            long lineFeeds = 0;
            for (int j = 0; j < cut; j++) {
                quotes += whole[j] == '"' ? 1 : 0;
                lineFeeds += whole[j] == '\n' ? 1 : 0;
            }
            if (cut > 0) {
                assertThat(whole[cut - 1])
                        .as("cut %d follows a line feed", cut)
                        .isEqualTo((byte) '\n');
                assertThat(quotes % 2).as("cut %d is outside quotes", cut).isZero();
            }
            assertThat(SplitIds.firstLine(s.splitId())).isEqualTo(lineFeeds + 1);
        }
        assertThat(expectedStart).isEqualTo(whole.length);
    }

    /**
     * Random chunk ends, plus ends placed where a naive follower breaks: right after a CR (its LF
     * comes in the next chunk) and right after a line feed inside quotes.
     */
    private static List<Integer> chunkEnds(byte[] whole, Random random) {
        TreeSet<Integer> ends = new TreeSet<>();
        boolean insideQuotes = false;
        for (int i = 0; i < whole.length; i++) {
            if (whole[i] == '"') {
                insideQuotes = !insideQuotes;
            } else if (whole[i] == '\r' && random.nextInt(3) == 0) {
                ends.add(i + 1);
            } else if (whole[i] == '\n' && insideQuotes) {
                ends.add(i + 1);
            }
        }
        for (int at = 0; at < whole.length; at += 1 + random.nextInt(300)) {
            ends.add(at);
        }
        ends.add(whole.length);
        ends.remove(0);
        return new ArrayList<>(ends);
    }

    private static List<FileSourceSplit> concat(List<FileSourceSplit> a, List<FileSourceSplit> b) {
        List<FileSourceSplit> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void append(Path file, byte[] whole, int from, int to) throws Exception {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write(whole, from, to - from);
        }
    }

    @Test
    void aPauseHandsOutTheRecordsThatLandedWithoutWaitingForAWholeSplit() throws Exception {
        Path file = dir.resolve("in.csv");
        Files.writeString(file, "Song,Date,Number of Plays\r\n\"a\nb\",2020-01-01,1\r\n\"c\n");
        GrowingInput input = follow(file, 1 << 20);
        assertThat(input.poll().splits()).as("new bytes: no split yet").isEmpty();

        List<FileSourceSplit> paused = input.poll().splits();
        assertThat(paused).hasSize(1);
        assertThat(paused.get(0).offset()).isZero();
        assertThat(paused.get(0).length())
                .as("up to the last record boundary, not into the open quoted field")
                .isEqualTo("Song,Date,Number of Plays\r\n\"a\nb\",2020-01-01,1\r\n".length());
        assertThat(input.poll().splits()).as("nothing new").isEmpty();

        byte[] rest = "d\",2020-01-02,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        append(file, rest, 0, rest.length);
        input.poll();
        List<FileSourceSplit> next = input.poll().splits();
        assertThat(next).hasSize(1);
        assertThat(SplitIds.firstLine(next.get(0).splitId())).isEqualTo(4);
        assertThat(next.get(0).offset() + next.get(0).length()).isEqualTo(Files.size(file));
    }

    @Test
    void aBrokenMarkerEndsTheInputWithItsReason() throws Exception {
        Path file = TestCsv.lines(dir.resolve("in.csv"), "Umbrella,2020-01-01,1");
        GrowingInput input = follow(file, 1 << 20);
        assertThat(input.poll().splits()).isEmpty();
        UploadMarker.broken("the client closed the connection at byte 40").writeFor(file);

        assertThatThrownBy(input::poll)
                .isInstanceOfSatisfying(
                        PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_BROKEN))
                .hasMessage(
                        "the upload broke before it was complete: the client closed the"
                                + " connection at byte 40");
    }

    @Test
    void anUploadThatSendsNothingForTheIdleTimeoutEndsTheInput() throws Exception {
        Path file = TestCsv.lines(dir.resolve("in.csv"), "Umbrella,2020-01-01,1");
        GrowingInput input = follow(file, 1 << 20);
        input.poll();
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        input.poll();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());

        assertThatThrownBy(input::poll)
                .hasMessageStartingWith("the upload sent nothing for 30 s and did not complete");
    }

    @Test
    void aFileThatDiffersFromItsMarkerIsRefused() throws Exception {
        Path file = TestCsv.lines(dir.resolve("in.csv"), "Umbrella,2020-01-01,1");
        long size = Files.size(file);
        UploadMarker.complete(size, "00".repeat(32)).writeFor(file);
        assertThatThrownBy(follow(file, 1 << 20)::poll)
                .hasMessageContaining("it changed while it was read");

        UploadMarker.complete(size - 1, Sha256.of(file)).writeFor(file);
        assertThatThrownBy(follow(file, 1 << 20)::poll)
                .hasMessageContaining("more than the " + (size - 1) + " its upload marker says");
    }

    @Test
    void aDeletedInputEndsTheInput() throws Exception {
        Path file = TestCsv.lines(dir.resolve("in.csv"));
        GrowingInput input = follow(file, 1 << 20);
        input.poll();
        Files.delete(file);
        assertThatThrownBy(input::poll).hasMessageContaining("is gone");
    }
}

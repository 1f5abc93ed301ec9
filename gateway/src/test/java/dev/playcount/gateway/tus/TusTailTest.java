package dev.playcount.gateway.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.UploadInterruptedException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream over a tus upload's received bytes, driven as the PATCH handlers drive it. */
class TusTailTest {

    @TempDir Path dir;

    private TusSession session(long length, long expiresAt) {
        return new TusSession(
                "5b2f0c4e-7d1a-4c57-9a38-2f6f0c1d9e11",
                "",
                "a.csv",
                InvalidRowPolicy.FAIL,
                null,
                Instant.now(),
                length,
                0,
                expiresAt);
    }

    @Test
    void readsWhatEachPatchWroteAndEndsAtTheLength() throws Exception {
        Path data = Files.createFile(dir.resolve("data"));
        TusSession session = session(10, Long.MAX_VALUE);
        AtomicLong read = new AtomicLong();
        CompletableFuture<String> all =
                CompletableFuture.supplyAsync(
                        () -> {
                            try (InputStream in = new TusTail(session, data, () -> {})) {
                                ByteArrayOutputStream out = new ByteArrayOutputStream();
                                byte[] buf = new byte[4];
                                int n;
                                while ((n = in.read(buf)) >= 0) {
                                    out.write(buf, 0, n);
                                    read.addAndGet(n);
                                }
                                return out.toString(StandardCharsets.US_ASCII);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
        patch(session, data, "abcd", 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> read.get() == 4);
        assertThat(all).isNotDone();
        patch(session, data, "efghij", 10);
        assertThat(all.get()).isEqualTo("abcdefghij");
    }

    @Test
    void bytesOfAPatchWithoutChecksumAreReadWhileItRuns() throws Exception {
        Path data = Files.createFile(dir.resolve("data"));
        TusSession session = session(6, Long.MAX_VALUE);
        session.patchStarted(false);
        Files.writeString(data, "abc", StandardOpenOption.APPEND);
        try (InputStream in = new TusTail(session, data, () -> {})) {
            byte[] buf = new byte[6];
            assertThat(in.read(buf)).isEqualTo(3);
            // a checksummed PATCH's bytes wait: a mismatch takes them back
            session.patchEnded(false, 3, -1, 0);
            session.patchStarted(true);
            Files.writeString(data, "def", StandardOpenOption.APPEND);
            assertThat(session.readableUpTo(Files.size(data))).isEqualTo(3);
            session.patchEnded(true, 6, -1, 0);
            assertThat(in.read(buf, 3, 3)).isEqualTo(3);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void terminationEndsTheStreamWithUploadInterrupted() throws Exception {
        Path data = Files.createFile(dir.resolve("data"));
        TusSession session = session(100, Long.MAX_VALUE);
        CompletableFuture<Integer> reading =
                CompletableFuture.supplyAsync(
                        () -> {
                            try (InputStream in = new TusTail(session, data, () -> {})) {
                                return in.read(new byte[10]);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
        session.interrupt("upload terminated");
        assertThatThrownBy(reading::join)
                .hasCauseInstanceOf(UploadInterruptedException.class)
                .hasMessageContaining("upload terminated");
        assertThat(session.stopped()).isTrue();
    }

    @Test
    void anUploadPastItsExpiryEndsTheStream() throws Exception {
        Path data = Files.createFile(dir.resolve("data"));
        TusSession session = session(100, System.currentTimeMillis() - 1);
        try (InputStream in = new TusTail(session, data, () -> {})) {
            assertThatThrownBy(() -> in.read(new byte[10]))
                    .isInstanceOf(UploadInterruptedException.class)
                    .hasMessageContaining("UPLOAD_TTL");
        }
    }

    @Test
    void bytesTakenBackAfterTheyWereReadEndTheUpload() throws Exception {
        Path data = Files.createFile(dir.resolve("data"));
        TusSession session = session(10, Long.MAX_VALUE);
        session.patchStarted(false);
        Files.writeString(data, "abcd", StandardOpenOption.APPEND);
        try (InputStream in = new TusTail(session, data, () -> {})) {
            assertThat(in.read(new byte[4])).isEqualTo(4);
            session.patchEnded(false, 2, -1, 0);
            assertThatThrownBy(() -> in.read(new byte[4]))
                    .isInstanceOf(UploadInterruptedException.class)
                    .hasMessageContaining("taken back");
        }
    }

    private static void patch(TusSession session, Path data, String bytes, long offset)
            throws Exception {
        session.patchStarted(true);
        Files.writeString(data, bytes, StandardOpenOption.APPEND);
        session.patchEnded(true, offset, -1, 0);
    }
}

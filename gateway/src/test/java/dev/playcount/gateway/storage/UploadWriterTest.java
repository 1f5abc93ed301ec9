package dev.playcount.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.io.Sha256;
import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.Encoding;
import dev.playcount.gateway.task.StorageFullException;
import dev.playcount.gateway.task.StoredUpload;
import dev.playcount.gateway.testing.Compression;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadWriterTest {

    @TempDir Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aCompressedBodyIsStoredDecodedWithBothHashes() throws Exception {
        FileStore store = new FileStore(dir);
        UploadWriter writer = new UploadWriter(store, 0, () -> 0, threads);
        byte[] csv =
                ("Song,Date,Number of Plays\n" + "Umbrella,2020-01-02,200\n".repeat(200_000))
                        .getBytes(StandardCharsets.UTF_8);
        byte[] gzip = Compression.gzip(csv);
        String id = UUID.randomUUID().toString();
        long[] counted = {0};

        StoredUpload stored =
                writer.write(id, new ByteArrayInputStream(gzip), null, n -> counted[0] += n);

        assertThat(stored)
                .isEqualTo(
                        new StoredUpload(
                                csv.length,
                                Sha256.of(csv),
                                Encoding.GZIP,
                                gzip.length,
                                Sha256.of(gzip)));
        assertThat(counted[0]).as("the upload limit counts decoded bytes").isEqualTo(csv.length);
        assertThat(Files.readAllBytes(store.input(id))).isEqualTo(csv);
    }

    @Test
    void aTruncatedStreamLeavesNoFile() {
        FileStore store = new FileStore(dir);
        UploadWriter writer = new UploadWriter(store, 0, () -> 0, threads);
        byte[] zstd =
                Compression.zstd(
                        ("Song,Date,Number of Plays\n" + "Umbrella,2020-01-02,200\n".repeat(50_000))
                                .getBytes(StandardCharsets.UTF_8));
        String id = UUID.randomUUID().toString();
        InputStream cut = new ByteArrayInputStream(zstd, 0, zstd.length - 100);

        assertThatThrownBy(() -> writer.write(id, cut, Encoding.ZSTD, n -> {}))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("the zstd stream is truncated after");
        assertThat(store.input(id)).doesNotExist();
    }

    @Test
    void theFloorCountsWhatRunningJobsWillStillWrite() throws Exception {
        FileStore store = new FileStore(dir);
        long free = store.usableSpace();
        // a floor the disk clears, until the running jobs' reservation is added on top
        UploadWriter roomy = new UploadWriter(store, free / 4, () -> 0, threads);
        UploadWriter reserved = new UploadWriter(store, free / 4, () -> free, threads);

        roomy.checkRoomFor(1000);
        assertThatThrownBy(() -> reserved.checkRoomFor(1000))
                .isInstanceOf(StorageFullException.class)
                .hasMessageContaining("kept for the results of queued and running tasks")
                .hasMessageContaining("MIN_FREE_DISK");
    }

    @Test
    void aHeaderLineOverTheLimitFailsAtOnceAndLeavesNoFile() {
        UploadWriter writer = new UploadWriter(new FileStore(dir), 0, () -> 0, threads);
        byte[] header =
                ("Song,Date,Number of Plays," + "x".repeat(1 << 20))
                        .getBytes(StandardCharsets.UTF_8);
        // a body that never ends: only the limit can stop the header read
        InputStream endless =
                new InputStream() {
                    int at;

                    @Override
                    public int read() {
                        return header[at++ % header.length];
                    }
                };
        Path target = dir.resolve("upload.part");

        assertThatThrownBy(() -> writer.write(endless, target, n -> {}))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("longer than 65536 bytes");
        assertThat(target).doesNotExist();
    }

    @Test
    void buffersGrowWithTheBodyAndStoreEveryByte() throws Exception {
        UploadWriter writer = new UploadWriter(new FileStore(dir), 0, () -> 0, threads);
        StringBuilder csv = new StringBuilder("Song,Date,Number of Plays\n");
        while (csv.length() < 3_500_000) {
            csv.append("Umbrella,2020-01-02,200\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        Path target = dir.resolve("upload.part");

        StoredUpload stored = writer.write(new ByteArrayInputStream(body), target, n -> {});

        assertThat(stored.bytes()).isEqualTo(body.length);
        assertThat(stored.sha256()).isEqualTo(Sha256.of(body));
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
    }

    @Test
    void theTaskIsToldOnceTheFirstMibIsOnDiskAndAPausedClientsBytesLandAtOnce() throws Exception {
        FileStore store = new FileStore(dir);
        UploadWriter writer = new UploadWriter(store, 0, () -> 0, threads);
        byte[] csv = csv(3 << 20);
        String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        long[] onDiskWhenTold = {-1};
        java.util.List<Long> blocks = new java.util.ArrayList<>();

        StoredUpload stored =
                writer.write(
                        id,
                        new ByteArrayInputStream(csv),
                        null,
                        blocks::add,
                        () -> onDiskWhenTold[0] = store.inputSize(id));
        writer.complete(id, stored);

        assertThat(onDiskWhenTold[0]).isGreaterThanOrEqualTo(UploadWriter.FIRST_PART);
        assertThat(Files.readAllBytes(store.input(id))).isEqualTo(csv);
        assertThat(stored.sha256()).isEqualTo(Sha256.of(csv));
        byte[] marker = Files.readAllBytes(store.inputMarker(id));
        assertThat(dev.playcount.core.upload.UploadMarker.parse(marker, marker.length))
                .isEqualTo(
                        dev.playcount.core.upload.UploadMarker.complete(
                                csv.length, stored.sha256()));

        // a client that pauses: every read hands over what it has (available() is 0 in between)
        String small = "0f8fad5b-d9cb-469f-a165-70867728950f";
        InputStream trickle =
                new java.io.FilterInputStream(new ByteArrayInputStream(csv)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        return super.read(b, off, Math.min(len, 100_000));
                    }

                    @Override
                    public int available() {
                        return 0;
                    }
                };
        java.util.List<Long> trickled = new java.util.ArrayList<>();
        boolean[] told = {false};
        writer.write(small, trickle, null, trickled::add, () -> told[0] = true);
        assertThat(trickled).as("each read lands as it comes").allMatch(n -> n <= 100_000);
        assertThat(told[0]).isTrue();
    }

    private static byte[] csv(int bytes) {
        StringBuilder sb = new StringBuilder("Song,Date,Number of Plays\n");
        while (sb.length() < bytes) {
            sb.append("Umbrella,2020-01-02,200\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}

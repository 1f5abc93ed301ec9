package dev.playcount.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.io.Sha256;
import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.StorageFullException;
import dev.playcount.gateway.task.StoredUpload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}

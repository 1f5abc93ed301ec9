package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the next PATCH starts after the service tells its offset. */
class UploadWindowTest {

    @TempDir Path dir;

    private UploadWindow window(int fileSize, int chunk) throws Exception {
        byte[] bytes = new byte[fileSize];
        for (int i = 0; i < fileSize; i++) {
            bytes[i] = (byte) i;
        }
        Path f = Files.write(dir.resolve("f.csv"), bytes);
        UploadRequest req =
                new UploadRequest(f, "f.csv", Compression.NONE, 0, "fail", Optional.empty());
        UploadWindow w = new UploadWindow(req, chunk);
        w.moveTo(0);
        return w;
    }

    @Test
    void anOffsetInsideTheChunkResendsItsRest() throws Exception {
        try (UploadWindow w = window(250, 100)) {
            w.resync(new TusClient.Offset(40, -1));
            assertThat(w.start).isZero();
            assertThat(w.from()).isEqualTo(40);
            assertThat(w.remaining()).isEqualTo(60);
        }
    }

    @Test
    void theEndOfAChunkReadsTheNextAndTheLastEndsTheUpload() throws Exception {
        try (UploadWindow w = window(250, 100)) {
            w.advance(100);
            assertThat(w.start).isEqualTo(100);
            assertThat(w.chunk[0]).isEqualTo((byte) 100);
            w.advance(200);
            assertThat(w.len).isEqualTo(50);
            assertThat(w.last).isTrue();
            assertThat(w.done()).isFalse();
            w.advance(250);
            assertThat(w.done()).isTrue();
        }
    }

    @Test
    void anOffsetBeforeTheChunkReopensTheFileThere() throws Exception {
        try (UploadWindow w = window(250, 100)) {
            w.advance(100);
            w.advance(200);
            w.resync(new TusClient.Offset(130, -1));
            assertThat(w.start).isEqualTo(130);
            assertThat(Arrays.copyOf(w.chunk, 3))
                    .containsExactly((byte) 130, (byte) 131, (byte) 132);
            assertThat(w.len).isEqualTo(100);
        }
    }

    @Test
    void eachChunkCarriesTheChecksumOfWhatIsLeftOfIt() throws Exception {
        Path f = dir.resolve("c.csv");
        byte[] bytes = new byte[250];
        new java.util.Random(3).nextBytes(bytes);
        Files.write(f, bytes);
        UploadRequest req =
                new UploadRequest(f, "c.csv", Compression.NONE, 0, "fail", Optional.empty());
        try (UploadWindow w = new UploadWindow(req, 100, Optional.of("sha256"))) {
            w.moveTo(0);
            assertThat(w.checksum())
                    .contains("sha256 " + TusClient.digest("sha256", bytes, 0, 100));
            w.advance(100); // read ahead while the first was "sent"
            assertThat(w.checksum())
                    .contains("sha256 " + TusClient.digest("sha256", bytes, 100, 100));
            w.resync(new TusClient.Offset(130, -1));
            assertThat(w.checksum())
                    .contains("sha256 " + TusClient.digest("sha256", bytes, 130, 70));
            w.advance(200);
            assertThat(w.last).isTrue();
            assertThat(w.checksum())
                    .contains("sha256 " + TusClient.digest("sha256", bytes, 200, 50));
            w.advance(250);
            assertThat(w.done()).isTrue();
            assertThat(w.sha256Hex())
                    .isEqualTo(
                            java.util.HexFormat.of()
                                    .formatHex(
                                            java.security.MessageDigest.getInstance("SHA-256")
                                                    .digest(bytes)));
        }
    }

    @Test
    void anOffsetPastWhatWasSentIsRefused() throws Exception {
        try (UploadWindow w = window(250, 100)) {
            assertThatThrownBy(() -> w.resync(new TusClient.Offset(101, -1)))
                    .isInstanceOf(ClientException.class)
                    .hasMessageContaining("claims 101 bytes, more than the 100 sent");
        }
    }
}

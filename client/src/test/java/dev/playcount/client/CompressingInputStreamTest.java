package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressingInputStreamTest {

    @TempDir Path dir;

    /** About 1.5 MB of rows: more than one compressor block, not a whole number of them. */
    private Path csv() throws IOException {
        StringBuilder b = new StringBuilder("Song,Date,Number of Plays\r\n");
        Random r = new Random(7);
        for (int i = 0; i < 60_000; i++) {
            b.append("\"Song, ")
                    .append(r.nextInt(500))
                    .append("\",2020-01-")
                    .append(10 + r.nextInt(18))
                    .append(',')
                    .append(r.nextInt(1000))
                    .append('\n');
        }
        Path f = dir.resolve("plays.csv");
        Files.writeString(f, b, StandardCharsets.UTF_8);
        return f;
    }

    private static byte[] all(Path f, Compression c, long offset) throws IOException {
        try (UploadSource s = UploadSource.open(f, c, c.defaultLevel(), offset)) {
            byte[] buf = new byte[100_000];
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int n;
            while ((n = s.fill(buf)) > 0) {
                out.write(buf, 0, n);
            }
            assertThat(s.atEnd()).isTrue();
            return out.toByteArray();
        }
    }

    private static InputStream decoder(Compression c, byte[] bytes) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes);
        return switch (c) {
            case GZIP -> new GZIPInputStream(in);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void decodesBackToTheFile(Compression c) throws IOException {
        Path f = csv();
        byte[] sent = all(f, c, 0);
        try (InputStream in = decoder(c, sent)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(f));
        }
        if (c != Compression.NONE) {
            assertThat(sent.length).isLessThan((int) Files.size(f) / 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void reopenedAtAnOffsetGivesTheSameBytesAndHash(Compression c) throws Exception {
        Path f = csv();
        byte[] whole = all(f, c, 0);
        long offset = whole.length / 3 + 17;
        byte[] rest = all(f, c, offset);
        assertThat(rest).isEqualTo(Arrays.copyOfRange(whole, (int) offset, whole.length));

        try (UploadSource s = UploadSource.open(f, c, c.defaultLevel(), offset)) {
            byte[] buf = new byte[1 << 20];
            while (s.fill(buf) > 0) {
                // to the end
            }
            String expected =
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole));
            assertThat(s.sha256Hex()).isEqualTo(expected);
            assertThat(s.position()).isEqualTo(whole.length);
            assertThat(s.fileRead()).isEqualTo(Files.size(f));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Compression.class,
            names = {"GZIP", "ZSTD"})
    void compressedFilesAreToldByTheirMagicBytes(Compression c) throws IOException {
        Path f = csv();
        Path packed = dir.resolve("plays.csv" + c.suffix());
        Files.write(packed, all(f, c, 0));
        assertThat(Compression.isCompressed(packed)).isTrue();
        assertThat(Compression.isCompressed(f)).isFalse();
    }
}

package dev.playcount.gateway.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.playcount.core.io.Sha256;
import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.Encoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Which decoder an upload gets, what it reports, and how each kind of broken stream is named. */
class DecodedBodyTest {

    private static final byte[] CSV = csv(20_000);

    @Test
    void aPlainBodyPassesThroughUnhashed() throws IOException {
        DecodedBody body = DecodedBody.of(new ByteArrayInputStream(CSV), null);
        assertThat(body.readAllBytes()).isEqualTo(CSV);
        assertThat(body.encoding()).isEqualTo(Encoding.IDENTITY);
        assertThat(body.receivedBytes()).isEqualTo(CSV.length);
        assertThatThrownBy(body::receivedSha256).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void gzipAndZstdAreToldByTheirMagicBytes() throws IOException {
        for (Encoding e : new Encoding[] {Encoding.GZIP, Encoding.ZSTD}) {
            byte[] packed = compress(e, CSV);
            try (DecodedBody body = DecodedBody.of(new ByteArrayInputStream(packed), null)) {
                assertThat(body.readAllBytes()).as(e.name()).isEqualTo(CSV);
                assertThat(body.encoding()).isEqualTo(e);
                assertThat(body.receivedBytes()).isEqualTo(packed.length);
                assertThat(body.receivedSha256()).isEqualTo(Sha256.of(packed));
            }
        }
    }

    @Test
    void aDeclaredEncodingIsUsedAndIdentityMeansTellByTheBytes() throws IOException {
        byte[] zstd = compress(Encoding.ZSTD, CSV);
        try (DecodedBody body = DecodedBody.of(new ByteArrayInputStream(zstd), Encoding.ZSTD)) {
            assertThat(body.readAllBytes()).isEqualTo(CSV);
        }
        byte[] gzip = compress(Encoding.GZIP, CSV);
        try (DecodedBody body = DecodedBody.of(new ByteArrayInputStream(gzip), Encoding.IDENTITY)) {
            assertThat(body.readAllBytes()).isEqualTo(CSV);
            assertThat(body.encoding()).isEqualTo(Encoding.GZIP);
        }
    }

    @Test
    void everyGzipMemberIsReadEvenWhenTheNextHasNotArrivedYet() throws IOException {
        // gzip -c a >> f; gzip -c b >> f: one file of two members, arriving a few bytes at a time
        byte[] first = Arrays.copyOf(CSV, CSV.length / 2);
        byte[] second = Arrays.copyOfRange(CSV, CSV.length / 2, CSV.length);
        byte[] both = concat(compress(Encoding.GZIP, first), compress(Encoding.GZIP, second));
        try (DecodedBody body = DecodedBody.of(new Trickle(both, 7), null)) {
            assertThat(body.readAllBytes()).isEqualTo(CSV);
        }
        byte[] frames = concat(compress(Encoding.ZSTD, first), compress(Encoding.ZSTD, second));
        try (DecodedBody body = DecodedBody.of(new Trickle(frames, 7), null)) {
            assertThat(body.readAllBytes()).isEqualTo(CSV);
        }
    }

    @Test
    void aTruncatedStreamIsNamedWithTheBytesReceived() throws IOException {
        for (Encoding e : new Encoding[] {Encoding.GZIP, Encoding.ZSTD}) {
            byte[] packed = compress(e, CSV);
            byte[] cut = Arrays.copyOf(packed, packed.length - 10);
            assertInvalid(
                    cut,
                    "the "
                            + e.wireName()
                            + " stream is truncated after "
                            + cut.length
                            + " bytes received");
        }
    }

    @Test
    void aCorruptStreamIsNamed() throws IOException {
        byte[] gzip = compress(Encoding.GZIP, CSV);
        for (int i = 100; i < 200; i++) {
            gzip[i] ^= 0x55;
        }
        assertInvalid(gzip, "the gzip stream is corrupt (");
        byte[] zstd = compress(Encoding.ZSTD, CSV);
        zstd[zstd.length - 3] ^= 0x55; // the content checksum
        assertInvalid(zstd, "the zstd stream is corrupt (");
    }

    @Test
    void bytesAfterTheStreamThatAreNotPartOfItAreRefused() throws IOException {
        byte[] junk = "not gzip at all, a few hundred bytes".repeat(10).getBytes();
        assertInvalid(
                concat(compress(Encoding.GZIP, CSV), junk), "more bytes follow that are not gzip");
        assertInvalid(concat(compress(Encoding.ZSTD, CSV), junk), "the zstd stream is corrupt");
    }

    @Test
    void aBodyDeclaredGzipThatIsNotIsRefusedAtOnce() {
        assertThatThrownBy(
                        () -> DecodedBody.of(new ByteArrayInputStream(CSV), Encoding.GZIP).read())
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("does not start as gzip does (1f 8b)");
        assertThatThrownBy(
                        () ->
                                DecodedBody.of(new ByteArrayInputStream(CSV), Encoding.ZSTD)
                                        .readAllBytes())
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("the zstd stream is corrupt (Unknown frame descriptor)");
    }

    @Test
    void aBrokenConnectionStaysTheConnectionsFailure() {
        byte[] packed = compress(Encoding.GZIP, CSV);
        IOException reset = new IOException("Connection reset");
        InputStream breaking =
                new InputStream() {
                    private int sent;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (sent >= packed.length / 2) {
                            throw reset;
                        }
                        int n = Math.min(len, Math.min(1000, packed.length / 2 - sent));
                        System.arraycopy(packed, sent, b, off, n);
                        sent += n;
                        return n;
                    }
                };
        assertThatThrownBy(() -> DecodedBody.of(breaking, null).readAllBytes()).isSameAs(reset);
    }

    @Test
    void aZstdFrameAskingForMoreThan128MiBOfWindowIsRefused() {
        byte[] content = "Song,Date,Number of Plays\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});
        frame.write(0x00); // frame header descriptor: a window descriptor follows, no size
        frame.write((DecodedBody.ZSTD_WINDOW_LOG_MAX + 1 - 10) << 3); // window 2^28 bytes
        int block = content.length << 3 | 1; // a raw block, the last
        frame.writeBytes(new byte[] {(byte) block, (byte) (block >> 8), (byte) (block >> 16)});
        frame.writeBytes(content);
        assertInvalid(frame.toByteArray(), "Frame requires too much memory");
    }

    private static void assertInvalid(byte[] body, String message) {
        assertThatThrownBy(
                        () -> {
                            try (DecodedBody in =
                                    DecodedBody.of(new ByteArrayInputStream(body), null)) {
                                in.readAllBytes();
                            }
                        })
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(message)
                .extracting(t -> ((BadRequestException) t).code())
                .isEqualTo("invalid_encoding");
    }

    static byte[] compress(Encoding encoding, byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z =
                encoding == Encoding.GZIP
                        ? new GZIPOutputStream(out)
                        : new ZstdOutputStreamNoFinalizer(out).setChecksum(true)) {
            z.write(plain);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] junk(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] csv(int rows) {
        StringBuilder s = new StringBuilder("Song,Date,Number of Plays\r\n");
        for (int i = 0; i < rows; i++) {
            s.append("\"Song ").append(i % 977).append(", live\",2020-01-0").append(i % 9 + 1);
            s.append(',').append(i).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A connection that hands over a few bytes a read and never has any buffered. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int step;
        private int pos;

        Trickle(byte[] bytes, int step) {
            this.bytes = bytes;
            this.step = step;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, step), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }
}

package dev.playcount.gateway.testing;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Compresses test files as {@code gzip -c} and {@code zstd -c} do. */
public final class Compression {

    private Compression() {}

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out, 64 << 10)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zstd frame with its content checksum, as the zstd command line writes it. */
    public static byte[] zstd(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStreamNoFinalizer(out).setChecksum(true)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code times} copies of {@code member}: a gzip file of that many members, or zstd frames. */
    public static byte[] repeated(byte[] member, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(member.length * times);
        for (int i = 0; i < times; i++) {
            out.writeBytes(member);
        }
        return out.toByteArray();
    }
}

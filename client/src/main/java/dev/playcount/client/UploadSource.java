package dev.playcount.client;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes an upload sends, read in order from the file (compressed on the fly when asked), with
 * their SHA-256 and how much of the file they came from. Opened at an offset, it re-reads (and
 * re-compresses) what comes before it, so the hash always covers every byte of the upload.
 */
final class UploadSource implements Closeable {

    private final Counting fileBytes;
    private final DigestInputStream digest;
    private final PushbackInputStream in;
    private final long length;
    private final long fileSize;
    private long position;

    private UploadSource(Counting fileBytes, InputStream upload, long length, long fileSize) {
        this.fileBytes = fileBytes;
        this.digest = new DigestInputStream(upload, sha256());
        this.in = new PushbackInputStream(digest, 1);
        this.length = length;
        this.fileSize = fileSize;
    }

    /** Opens {@code file}'s upload bytes and skips the first {@code offset} of them. */
    static UploadSource open(Path file, Compression compression, int level, long offset)
            throws IOException {
        long size = Files.size(file);
        Counting counting =
                new Counting(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        InputStream upload =
                compression == Compression.NONE
                        ? counting
                        : new CompressingInputStream(counting, compression, level);
        UploadSource source =
                new UploadSource(
                        counting, upload, compression == Compression.NONE ? size : -1, size);
        try {
            source.skip(offset);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
        return source;
    }

    private void skip(long offset) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (position < offset) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, offset - position));
            if (n < 0) {
                throw new IOException(
                        "the file is shorter than the "
                                + offset
                                + " bytes the service already has: was it changed?");
            }
            position += n;
        }
    }

    /** Fills {@code buf} from the start as far as the bytes go; returns how many it holds. */
    int fill(byte[] buf) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        position += n;
        return n;
    }

    /** Whether every byte has been read (looks one byte ahead). */
    boolean atEnd() throws IOException {
        int b = in.read();
        if (b < 0) {
            return true;
        }
        in.unread(b);
        return false;
    }

    /** The upload's length when known ahead (a plain file), else -1 (compressed on the fly). */
    long length() {
        return length;
    }

    /** Upload bytes read so far. */
    long position() {
        return position;
    }

    long fileSize() {
        return fileSize;
    }

    /** File bytes read so far (for a compressed upload, the CSV behind the bytes sent). */
    long fileRead() {
        return fileBytes.count;
    }

    /** The SHA-256 of the bytes read so far (of the whole upload once {@link #atEnd()}), in hex. */
    String sha256Hex() throws IOException {
        try {
            MessageDigest copy = (MessageDigest) digest.getMessageDigest().clone();
            return HexFormat.of().formatHex(copy.digest());
        } catch (CloneNotSupportedException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

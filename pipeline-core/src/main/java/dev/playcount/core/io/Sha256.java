package dev.playcount.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The project's one SHA-256: of a file for the receipt, or a digest fed while bytes stream by. */
public final class Sha256 {

    private Sha256() {}

    /** A fresh digest; every JVM has SHA-256, so no checked exception. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The digest's value, lower-case hex. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The hash of {@code bytes}, lower-case hex. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Sees a file's bytes as they are hashed, so one read serves another check too. */
    @FunctionalInterface
    public interface Chunks {
        /** The next {@code length} bytes of the file, at the start of {@code buf}. */
        void accept(byte[] buf, int length);
    }

    /** The hash of a file's bytes, lower-case hex; stops when the thread is interrupted. */
    public static String of(Path file) throws IOException {
        return of(file, (buf, length) -> {});
    }

    /** {@link #of(Path)}, handing each chunk read to {@code alsoTo}. */
    public static String of(Path file, Chunks alsoTo) throws IOException {
        MessageDigest digest = digest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while hashing " + file);
                }
                digest.update(buf, 0, n);
                alsoTo.accept(buf, n);
            }
        }
        return hex(digest);
    }

    /** {@link #of(Path)} for a {@code CompletableFuture}. */
    public static String ofUnchecked(Path file) {
        try {
            return of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

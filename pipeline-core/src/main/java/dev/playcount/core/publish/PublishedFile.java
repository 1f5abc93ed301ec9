package dev.playcount.core.publish;

import dev.playcount.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A published CSV read back once: its SHA-256 and its records counted on the way, so the file under
 * the final name is checked against the receipt, not the staging parts it came from.
 *
 * @param records lines ended outside quotes, header included (a quoted field may hold newlines)
 */
public record PublishedFile(String sha256, long records) {

    /** Reads {@code file} in one pass. */
    public static PublishedFile read(Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        byte[] buf = new byte[1 << 20];
        long records = 0;
        boolean quoted = false;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("interrupted while reading " + file);
                }
                digest.update(buf, 0, n);
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    // a doubled quote flips twice, so parity alone tells inside from outside
                    if (b == '"') {
                        quoted = !quoted;
                    } else if (b == '\n' && !quoted) {
                        records++;
                    }
                }
            }
        }
        return new PublishedFile(Sha256.hex(digest), records);
    }
}

package dev.playcount.core.publish;

import dev.playcount.core.io.Sha256;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A CSV to publish read once: its SHA-256 and its records counted on the way, so the one file that
 * is moved under the final name is what is checked against the receipt, not the parts it came from.
 *
 * @param records lines ended outside quotes, header included (a quoted field may hold newlines)
 */
public record PublishedFile(String sha256, long records) {

    /** Reads {@code file} in one pass. */
    public static PublishedFile read(Path file) throws IOException {
        RecordCounter counter = new RecordCounter();
        String sha256 = Sha256.of(file, counter);
        return new PublishedFile(sha256, counter.records);
    }

    /**
     * Counts line feeds outside quotes; a doubled quote flips twice, so parity tells them apart.
     */
    private static final class RecordCounter implements Sha256.Chunks {
        private long records;
        private boolean quoted;

        @Override
        public void accept(byte[] buf, int length) {
            for (int i = 0; i < length; i++) {
                byte b = buf[i];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    records++;
                }
            }
        }
    }
}

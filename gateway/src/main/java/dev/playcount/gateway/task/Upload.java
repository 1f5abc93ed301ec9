package dev.playcount.gateway.task;

import dev.playcount.core.csv.InvalidRowPolicy;
import java.io.InputStream;

/**
 * An upload as the HTTP layer received it.
 *
 * @param fileName the name the client gave the file, kept for display only
 * @param body the bytes as received, perhaps compressed
 * @param declaredBytes the size the client announced (of the bytes received), or -1
 * @param idempotencyKey the client's Idempotency-Key, or null
 * @param contentEncoding how the body says it is compressed (a Content-Encoding), or null to tell
 *     it by its first bytes (gzip's and zstd's magic numbers), else plain CSV
 */
public record Upload(
        String fileName,
        InputStream body,
        long declaredBytes,
        InvalidRowPolicy policy,
        String idempotencyKey,
        Encoding contentEncoding) {

    /** An upload whose encoding is told by its first bytes. */
    public Upload(
            String fileName,
            InputStream body,
            long declaredBytes,
            InvalidRowPolicy policy,
            String idempotencyKey) {
        this(fileName, body, declaredBytes, policy, idempotencyKey, null);
    }
}

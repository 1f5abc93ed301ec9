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
 * @param taskId the id the task must get (a resumable upload's, which the client already knows), or
 *     null for a fresh random one
 */
public record Upload(
        String fileName,
        InputStream body,
        long declaredBytes,
        InvalidRowPolicy policy,
        String idempotencyKey,
        Encoding contentEncoding,
        String taskId) {

    /** An upload whose encoding is told by its first bytes and whose task gets a fresh id. */
    public Upload(
            String fileName,
            InputStream body,
            long declaredBytes,
            InvalidRowPolicy policy,
            String idempotencyKey) {
        this(fileName, body, declaredBytes, policy, idempotencyKey, null, null);
    }

    /** An upload whose task gets a fresh random id. */
    public Upload(
            String fileName,
            InputStream body,
            long declaredBytes,
            InvalidRowPolicy policy,
            String idempotencyKey,
            Encoding contentEncoding) {
        this(fileName, body, declaredBytes, policy, idempotencyKey, contentEncoding, null);
    }

    /** A resumable upload: its encoding told by its first bytes, its task's id given. */
    public Upload(
            String fileName,
            InputStream body,
            long declaredBytes,
            InvalidRowPolicy policy,
            String idempotencyKey,
            String taskId) {
        this(fileName, body, declaredBytes, policy, idempotencyKey, null, taskId);
    }
}

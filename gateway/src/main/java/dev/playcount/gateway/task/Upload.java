package dev.playcount.gateway.task;

import dev.playcount.core.csv.InvalidRowPolicy;
import java.io.InputStream;

/**
 * An upload as the HTTP layer received it.
 *
 * @param fileName the name the client gave the file, kept for display only
 * @param declaredBytes the size the client announced, or -1
 * @param idempotencyKey the client's Idempotency-Key, or null
 * @param taskId the id the task must get (a resumable upload's, which the client already knows), or
 *     null for a fresh random one
 */
public record Upload(
        String fileName,
        InputStream body,
        long declaredBytes,
        InvalidRowPolicy policy,
        String idempotencyKey,
        String taskId) {

    /** An upload whose task gets a fresh random id. */
    public Upload(
            String fileName,
            InputStream body,
            long declaredBytes,
            InvalidRowPolicy policy,
            String idempotencyKey) {
        this(fileName, body, declaredBytes, policy, idempotencyKey, null);
    }
}

package dev.playcount.gateway.task;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Where an upload's bytes go while they arrive, and how they become a task's input. */
public interface UploadStore {

    /**
     * Refuses early when the declared size (-1 if unknown) cannot fit above the free-space floor.
     *
     * @throws StorageFullException when it cannot
     */
    void checkRoomFor(long declaredBytes);

    /**
     * Streams the body to the task's input, where its job can read it while it grows: decodes it
     * first (as {@code declared} says, or, when null, as its first bytes tell: gzip, zstd or
     * plain), checks the CSV header on the decoded bytes, counts and hashes what it stores, and
     * runs {@code firstPartStored} once the header is accepted and the first part of the file is
     * stored while the rest still arrives (not at all for an upload smaller than that part). On any
     * failure nothing is kept.
     *
     * @param stored told the number of decoded bytes of each block as it is stored; may throw to
     *     stop the upload (a limit)
     * @throws BadRequestException when the header is not the one the job reads, or {@code
     *     invalid_encoding} when a compressed stream is corrupt or truncated
     * @throws StorageFullException when the disk would fall below the floor
     * @throws UploadInterruptedException when the body ends early
     * @throws RuntimeException whatever {@code firstPartStored} throws: the upload then stops and
     *     nothing is kept
     */
    StoredUpload write(
            String taskId,
            InputStream body,
            Encoding declared,
            LongConsumer stored,
            Runnable firstPartStored);

    /** {@link #write(String, InputStream, Encoding, LongConsumer, Runnable)} of a whole upload. */
    default StoredUpload write(
            String taskId, InputStream body, Encoding declared, LongConsumer stored) {
        return write(taskId, body, declared, stored, () -> {});
    }

    /**
     * Makes the upload that {@link #write} stored the task's complete input: its job, which may be
     * reading it already, then knows its final size and SHA-256.
     */
    void complete(String taskId, StoredUpload stored) throws IOException;
}

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
     * Streams the body to the task's partial upload, checking its CSV header first; on any failure
     * nothing is kept.
     *
     * @param stored told the number of bytes of each chunk as it is stored
     * @throws BadRequestException when the header is not the one the job reads
     * @throws StorageFullException when the disk would fall below the floor
     * @throws UploadInterruptedException when the body ends early
     */
    default StoredUpload write(String taskId, InputStream body, LongConsumer stored) {
        return write(taskId, body, null, stored);
    }

    /**
     * Streams the body to the task's partial upload as {@link #write(String, InputStream,
     * LongConsumer)} does, decoding it first: as {@code declared} says, or (null) as its first
     * bytes tell (gzip, zstd or plain). The CSV header is checked on the decoded bytes, and {@code
     * stored} counts decoded bytes.
     *
     * @throws BadRequestException {@code invalid_encoding} when the compressed stream is corrupt or
     *     truncated
     */
    StoredUpload write(String taskId, InputStream body, Encoding declared, LongConsumer stored);

    /** Makes the complete upload the task's input, atomically. */
    void commit(String taskId) throws IOException;
}

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
    StoredUpload write(String taskId, InputStream body, LongConsumer stored);

    /** Makes the complete upload the task's input, atomically. */
    void commit(String taskId) throws IOException;

    /**
     * Streams the body as {@link #write(String, InputStream, LongConsumer)} does, and runs {@code
     * firstPartStored} once the header is accepted and the first part of the file is stored, while
     * the rest still arrives (not at all for an upload smaller than that part); a store that writes
     * the task's input itself as it arrives (so its job can read it while it grows) does so then.
     * This default stores the whole body first.
     *
     * @throws RuntimeException whatever {@code firstPartStored} throws, the upload then stops and
     *     nothing is kept
     */
    default StoredUpload write(
            String taskId, InputStream body, LongConsumer stored, Runnable firstPartStored) {
        StoredUpload upload = write(taskId, body, stored);
        firstPartStored.run();
        return upload;
    }

    /**
     * Makes the upload that {@link #write(String, InputStream, LongConsumer, Runnable)} stored the
     * task's complete input: its job, which may be reading it already, then knows its final size
     * and SHA-256. This default commits it.
     */
    default void complete(String taskId, StoredUpload stored) throws IOException {
        commit(taskId);
    }
}

package dev.playcount.gateway.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The files each task owns (its input, result and rejects), found by task id only. Deleting a
 * missing file is fine: another gateway may have been first.
 */
public interface TaskFiles {

    /** Where the task's result is published. */
    Path result(String id);

    /** Where the task's rejects are published. */
    Path rejects(String id);

    /** Deletes every file of the task: input, partial upload, outputs and their staging. */
    void deleteAll(String id);

    void deleteInput(String id);

    /** The input's size as stored so far (it grows while its upload arrives), -1 if unknown. */
    default long inputSize(String id) {
        return -1;
    }

    /** Deletes the result, the rejects and their staging folders. */
    void deleteOutputs(String id);

    /**
     * Deletes the staging folders of the task's outputs (a finished run's manifests, leftovers).
     */
    void deleteStaging(String id);

    /** Every task file, with the time it was last written. */
    List<StoredFile> list() throws IOException;

    /** Deletes one listed file (or folder); a missing one is fine. */
    void delete(StoredFile file);
}

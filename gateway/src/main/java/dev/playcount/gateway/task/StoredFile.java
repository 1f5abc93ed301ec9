package dev.playcount.gateway.task;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file in the task store's folders and the task id its name carries.
 *
 * @param partial an upload still arriving (or abandoned)
 * @param staging a folder a job writes its output into before it is published
 * @param modified when it was last written; for a folder, the newest write anywhere in it
 */
public record StoredFile(
        Path path, String taskId, boolean partial, boolean staging, Instant modified) {}

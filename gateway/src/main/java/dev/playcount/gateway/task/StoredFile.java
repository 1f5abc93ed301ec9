package dev.playcount.gateway.task;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file in the task store's folders and the task id its name carries.
 *
 * @param partial an upload still arriving (or abandoned)
 */
public record StoredFile(Path path, String taskId, boolean partial, Instant modified) {}

package dev.playcount.client;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code submit} uploads: the file, how its bytes are made (compressed on the fly or as they
 * are), the name and invalid-row policy the task gets, and the idempotency key if one was given.
 */
public record UploadRequest(
        Path file,
        String fileName,
        Compression compression,
        int level,
        String invalidRows,
        Optional<String> idempotencyKey) {}

package dev.playcount.gateway;

import java.nio.file.Path;

/**
 * Where uploads, results and rejects live, and how much disk an upload must leave free.
 *
 * @param minFreeDisk bytes an upload may never use up
 */
public record StorageConfig(Path dir, long minFreeDisk) {

    static StorageConfig fromEnv(Settings s) {
        return new StorageConfig(
                Path.of(s.string("STORAGE_DIR", "./data")), s.bytes("MIN_FREE_DISK", 1L << 30));
    }
}

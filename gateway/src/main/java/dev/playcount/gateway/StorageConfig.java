package dev.playcount.gateway;

import java.nio.file.Path;

/**
 * Where uploads, results and rejects live, and how much disk an upload must leave free.
 *
 * @param minFreeDisk bytes an upload may never use up
 */
public record StorageConfig(Path dir, long minFreeDisk) {

    static StorageConfig fromEnv(Settings s) {
        String dir = s.string("STORAGE_DIR", "./data");
        Path path;
        try {
            path = Path.of(dir);
        } catch (java.nio.file.InvalidPathException e) {
            throw Settings.invalid("STORAGE_DIR", dir, "a folder path");
        }
        return new StorageConfig(path, s.bytes("MIN_FREE_DISK", 1L << 30));
    }
}

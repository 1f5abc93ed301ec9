package dev.playcount.gateway.tus;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.disk.DiskLockingService;
import me.desair.tus.server.upload.disk.DiskStorageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tus-java-server as this gateway sets it up: its files under {@code STORAGE_DIR/tus} (an upload's
 * bytes in {@code uploads/ID/data}), the upload URL, the size limit and the expiry; the
 * concatenation extension off (an upload is one file).
 */
final class TusLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(TusLibrary.class);

    private final TusFileUploadService tus;
    private final DiskStorageService storage;
    private final String path;
    private final Path uploadsDir;

    TusLibrary(Path root, String path, long maxUploadBytes, Duration ttl) {
        this.path = path;
        this.uploadsDir = root.resolve("uploads");
        try {
            Files.createDirectories(uploadsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + uploadsDir, e);
        }
        // the storage is kept at hand: its upload info is read without the upload's lock, which
        // a PATCH holds while it runs
        this.storage = new DiskStorageService(root.toString());
        TusFileUploadService s =
                new TusFileUploadService()
                        .withUploadUri(path)
                        .withUploadStorageService(storage)
                        .withUploadLockingService(new DiskLockingService(root.toString()))
                        .withUploadExpirationPeriod(ttl.toMillis())
                        .disableTusExtension("concatenation");
        this.tus = maxUploadBytes > 0 ? s.withMaxUploadSize(maxUploadBytes) : s;
    }

    /** Answers a tus request, as {@code owner}: another owner's upload is not found (404). */
    void process(HttpServletRequest req, HttpServletResponse res, String owner) throws IOException {
        tus.process(req, res, owner);
    }

    /** The library's record of the upload, null when it is gone (or not this owner's). */
    UploadInfo info(String id, String owner) {
        try {
            return storage.getUploadInfo(uri(id), owner);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Deletes the upload's files; when a PATCH holds its lock, that PATCH does it at its end. */
    void discard(String id, String owner) {
        try {
            tus.deleteUpload(uri(id), owner);
        } catch (TusException | IOException | RuntimeException e) {
            LOG.debug("upload {}: files not deleted yet: {}", id, e.toString());
        }
    }

    /** Deletes expired uploads nobody holds, and stale locks. */
    void cleanup() {
        try {
            tus.cleanup();
        } catch (IOException | RuntimeException e) {
            LOG.warn("tus cleanup failed, will retry at the next run: {}", e.toString());
        }
    }

    /** The bytes received so far. */
    Path data(String id) {
        return dir(id).resolve("data");
    }

    boolean stored(String id) {
        return Files.exists(dir(id));
    }

    static long expiry(UploadInfo info) {
        return info == null || info.getExpirationTimestamp() == null
                ? Long.MAX_VALUE
                : info.getExpirationTimestamp();
    }

    private Path dir(String id) {
        return uploadsDir.resolve(UUID.fromString(id).toString());
    }

    private String uri(String id) {
        return path + "/" + id;
    }
}

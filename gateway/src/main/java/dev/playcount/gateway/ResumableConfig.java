package dev.playcount.gateway;

import java.time.Duration;

/**
 * The resumable (tus) uploads' settings.
 *
 * @param uploadTtl UPLOAD_TTL: an unfinished upload with no PATCH for this long expires, and the
 *     cleanup deletes it with its files
 * @param maxOpenUploads MAX_OPEN_UPLOADS: the unfinished uploads this process follows at once (each
 *     holds a thread and its stored copy's buffers while it waits for bytes)
 */
public record ResumableConfig(Duration uploadTtl, int maxOpenUploads) {

    static ResumableConfig fromEnv(Settings s) {
        return new ResumableConfig(
                s.positiveDuration("UPLOAD_TTL", Duration.ofHours(24)),
                s.intIn("MAX_OPEN_UPLOADS", 64, 1, 10_000));
    }
}

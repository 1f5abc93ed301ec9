package dev.playcount.core.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * How an upload ended, in a small file next to its input ({@code ID.csv.upload}): complete, with
 * the stored CSV's byte count and SHA-256, or broken, with the reason. The gateway writes it once,
 * atomically, after the last byte; a job that reads the input while it grows ends when it appears.
 * It is a file rather than a database field so a cluster that shares only storage with the gateway
 * sees it.
 *
 * @param complete whether the upload arrived whole
 * @param bytes the stored CSV's size (complete only, else -1)
 * @param sha256 the stored CSV's SHA-256 in hex (complete only, else null)
 * @param reason why the upload broke (broken only, else null)
 */
public record UploadMarker(boolean complete, long bytes, String sha256, String reason) {

    /** The marker's name suffix: {@code inputs/ID.csv} has {@code inputs/ID.csv.upload}. */
    public static final String SUFFIX = ".upload";

    /** Longer markers are not ours; bounds what a reader takes in. */
    public static final int MAX_BYTES = 4096;

    private static final String MAGIC = "playcount-upload 1";

    public UploadMarker {
        if (complete && (bytes < 0 || sha256 == null || !sha256.matches("[0-9a-f]{64}"))) {
            throw new IllegalArgumentException(
                    "a complete upload needs its size and a lower-case hex SHA-256");
        }
        if (!complete && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a broken upload needs a reason");
        }
    }

    public static UploadMarker complete(long bytes, String sha256) {
        return new UploadMarker(true, bytes, sha256, null);
    }

    public static UploadMarker broken(String reason) {
        return new UploadMarker(false, -1, null, reason);
    }

    /** The marker path of an input path (a local path or a URI's path alike). */
    public static String pathOf(String input) {
        return input + SUFFIX;
    }

    /** The marker's bytes: a first line naming the format, then {@code key=value} lines. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        if (complete) {
            sb.append("status=complete\nbytes=").append(bytes).append("\nsha256=").append(sha256);
        } else {
            // one line: a reason never spreads over the key=value lines
            sb.append("status=broken\nreason=").append(reason.replaceAll("[\\r\\n]+", " "));
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a marker's bytes.
     *
     * @throws IllegalArgumentException naming what is wrong when they are not a marker
     */
    public static UploadMarker parse(byte[] data, int length) {
        if (length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "an upload marker is at most " + MAX_BYTES + " bytes");
        }
        String[] lines = new String(data, 0, length, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not an upload marker (no '" + MAGIC + "' line)");
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        String status = fields.get("status");
        if ("complete".equals(status)) {
            try {
                return complete(Long.parseLong(fields.get("bytes")), fields.get("sha256"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("upload marker without a byte count", e);
            }
        }
        if ("broken".equals(status)) {
            return broken(fields.getOrDefault("reason", "no reason given"));
        }
        throw new IllegalArgumentException("upload marker with status '" + status + "'");
    }

    /**
     * Writes the marker for {@code input} atomically: a reader sees no marker or the whole one. The
     * last write wins (a completed upload cancelled afterwards is broken after all).
     */
    public void writeFor(Path input) throws IOException {
        Path marker = input.resolveSibling(input.getFileName() + SUFFIX);
        Path tmp = input.resolveSibling("." + input.getFileName() + SUFFIX + ".tmp");
        Files.write(tmp, toBytes());
        try {
            Files.move(
                    tmp,
                    marker,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

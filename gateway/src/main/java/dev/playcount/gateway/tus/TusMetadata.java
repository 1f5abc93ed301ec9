package dev.playcount.gateway.tus;

import dev.playcount.gateway.task.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Upload-Metadata} header of a tus creation: comma-separated pairs of a key and its
 * value in base64. The keys this API reads: {@code filename}, {@code invalidRows}, {@code
 * idempotencyKey}; others are ignored.
 */
public final class TusMetadata {

    public static final String FILENAME = "filename";
    public static final String INVALID_ROWS = "invalidRows";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    /** Far more than three short values need; a header past it is refused, not cut. */
    private static final int MAX_HEADER = 4096;

    private TusMetadata() {}

    /**
     * The pairs of the header (null for none).
     *
     * @throws BadRequestException naming what is malformed
     */
    public static Map<String, String> parse(String header) {
        Map<String, String> pairs = new HashMap<>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        if (header.length() > MAX_HEADER) {
            throw bad("Upload-Metadata is longer than " + MAX_HEADER + " characters");
        }
        for (String pair : header.split(",")) {
            String[] kv = pair.strip().split(" ", -1);
            if (kv.length > 2 || kv[0].isEmpty()) {
                throw bad("Upload-Metadata pairs are 'key base64value', comma-separated");
            }
            try {
                String value =
                        kv.length == 2
                                ? new String(
                                        Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8)
                                : "";
                pairs.put(kv[0], value);
            } catch (IllegalArgumentException e) {
                throw bad("the Upload-Metadata value of '" + printable(kv[0]) + "' is not base64");
            }
        }
        return pairs;
    }

    private static BadRequestException bad(String message) {
        return new BadRequestException("invalid_metadata", message, List.of());
    }

    private static String printable(String s) {
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 50 ? p.substring(0, 50) + "..." : p;
    }
}

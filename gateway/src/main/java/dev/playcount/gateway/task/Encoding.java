package dev.playcount.gateway.task;

import java.util.Locale;
import java.util.Optional;

/** How the bytes of an upload were compressed on the wire: stored decoded, as plain CSV. */
public enum Encoding {
    IDENTITY("identity"),
    GZIP("gzip"),
    ZSTD("zstd");

    private final String wireName;

    Encoding(String wireName) {
        this.wireName = wireName;
    }

    /** The name HTTP's Content-Encoding and the task's {@code input.encoding} use. */
    public String wireName() {
        return wireName;
    }

    /** The encoding an HTTP content-coding names ({@code x-gzip} is gzip, RFC 9110 8.4.1.3). */
    public static Optional<Encoding> ofContentCoding(String coding) {
        return switch (coding.strip().toLowerCase(Locale.ROOT)) {
            case "identity" -> Optional.of(IDENTITY);
            case "gzip", "x-gzip" -> Optional.of(GZIP);
            case "zstd" -> Optional.of(ZSTD);
            default -> Optional.empty();
        };
    }

    /** The encoding of a stored task's {@code input.encoding}; identity for older tasks. */
    public static Encoding fromWire(String wireName) {
        return wireName == null ? IDENTITY : ofContentCoding(wireName).orElse(IDENTITY);
    }
}

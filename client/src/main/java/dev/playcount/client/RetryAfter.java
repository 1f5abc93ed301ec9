package dev.playcount.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110: delay-seconds or an HTTP-date), bounded so that a
 * wrong header cannot park the client for hours.
 */
public final class RetryAfter {

    /** The longest wait a header may ask for; a longer one is cut to this. */
    public static final Duration MAX = Duration.ofMinutes(5);

    private RetryAfter() {}

    public static Optional<Duration> parse(Optional<String> header) {
        return header.flatMap(h -> parse(h, Instant.now()));
    }

    /** The wait {@code header} asks for at {@code now}; empty when it is malformed. */
    public static Optional<Duration> parse(String header, Instant now) {
        String value = header.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.chars().allMatch(Character::isDigit)) {
            if (value.length() > 9) {
                return Optional.of(MAX);
            }
            return Optional.of(bound(Duration.ofSeconds(Long.parseLong(value))));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : bound(wait));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration bound(Duration d) {
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}

package dev.playcount.gateway.http;

import dev.playcount.gateway.task.BadRequestException;
import java.util.List;

/** The {@code Idempotency-Key} header of an upload, checked before the body is read. */
final class IdempotencyKey {

    static final String HEADER = "Idempotency-Key";

    /** Stripe's limit; a key is an id the client made up, such as a UUID. */
    static final int MAX_LENGTH = 255;

    private IdempotencyKey() {}

    /**
     * The key, or null when the header is absent.
     *
     * @throws BadRequestException when it is empty, longer than {@link #MAX_LENGTH} or holds
     *     anything but visible ASCII: an empty key would make every keyless retry the same request
     */
    static String of(String header) {
        if (header == null) {
            return null;
        }
        if (header.isEmpty()
                || header.length() > MAX_LENGTH
                || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new BadRequestException(
                    "invalid_idempotency_key",
                    "the "
                            + HEADER
                            + " header must be 1 to "
                            + MAX_LENGTH
                            + " visible ASCII characters (such as a UUID); got "
                            + (header.isEmpty() ? "an empty one" : header.length() + " characters"),
                    List.of());
        }
        return header;
    }
}

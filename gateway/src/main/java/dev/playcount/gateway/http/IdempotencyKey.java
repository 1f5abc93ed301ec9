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
     * @throws BadRequestException when it is empty (Jetty strips the spaces around a value) or
     *     longer than {@link #MAX_LENGTH}: an empty key would make every client that sends one by
     *     mistake the same client
     */
    static String of(String header) {
        if (header == null) {
            return null;
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH) {
            throw new BadRequestException(
                    "invalid_idempotency_key",
                    "the "
                            + HEADER
                            + " header must be 1 to "
                            + MAX_LENGTH
                            + " characters (such as a UUID); got "
                            + (header.isEmpty() ? "an empty one" : header.length() + " characters"),
                    List.of());
        }
        return header;
    }
}

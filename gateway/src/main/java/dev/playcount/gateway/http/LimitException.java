package dev.playcount.gateway.http;

import java.util.List;

/**
 * A refusal because a limit is reached: 503 for the whole process, 429 for one API key, each with
 * the seconds after which a retry may succeed.
 */
final class LimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    LimitException(int status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    int status() {
        return status;
    }

    String retryAfter() {
        return Long.toString(retryAfterSeconds);
    }

    ErrorBody body() {
        return new ErrorBody(code, getMessage(), List.of("retry after " + retryAfter() + " s"));
    }
}

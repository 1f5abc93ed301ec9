package dev.playcount.gateway.http;

import java.util.List;

/** An HTTP-level refusal (auth, content type, range) carrying its status and error body. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<String> details;

    ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    ApiException(int status, String code, String message, List<String> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    int status() {
        return status;
    }

    ErrorBody body() {
        return new ErrorBody(code, getMessage(), details);
    }
}

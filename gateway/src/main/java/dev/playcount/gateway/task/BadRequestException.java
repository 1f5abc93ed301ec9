package dev.playcount.gateway.task;

import java.util.List;

/** The request or the uploaded file cannot be accepted; the message says what and where. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient List<String> details;

    public BadRequestException(String code, String message, List<String> details) {
        super(message);
        this.code = code;
        this.details = List.copyOf(details);
    }

    public String code() {
        return code;
    }

    public List<String> details() {
        return details;
    }
}

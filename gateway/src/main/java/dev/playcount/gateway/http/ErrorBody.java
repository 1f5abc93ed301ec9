package dev.playcount.gateway.http;

import java.util.List;

/** The body of every 4xx and 5xx answer. */
public record ErrorBody(String code, String message, List<String> details) {

    static ErrorBody of(String code, String message) {
        return new ErrorBody(code, message, List.of());
    }
}

package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** An HTTP answer of 4xx or 5xx with the service's error body, as a {@link ClientException}. */
public final class ApiError extends ClientException {

    private final int status;
    private final String code;
    private final Optional<Duration> retryAfter;
    private final JsonNode body;

    private ApiError(
            ExitCode exit,
            int status,
            String code,
            String message,
            Optional<Duration> retryAfter,
            JsonNode body) {
        super(exit, message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
        this.body = body;
    }

    /** Reads the error body ({@code code}, {@code message}) of {@code response}, if it has one. */
    public static ApiError of(String what, HttpResponse<String> response) {
        return of(what, response.statusCode(), response.headers(), response.body());
    }

    /** As {@link #of(String, HttpResponse)}, from an answer's parts. */
    public static ApiError of(String what, int status, HttpHeaders headers, String text) {
        JsonNode body = Json.parseOrNull(text);
        String code = body != null && body.hasNonNull("code") ? body.get("code").asText() : "";
        String message =
                body != null && body.hasNonNull("message")
                        ? body.get("message").asText()
                        : Json.firstLine(text);
        String line =
                what
                        + ": "
                        + status
                        + (code.isEmpty() ? "" : " " + code)
                        + (message.isEmpty() ? "" : ": " + message);
        return new ApiError(
                classify(status),
                status,
                code,
                line,
                RetryAfter.parse(headers.firstValue("Retry-After")),
                body);
    }

    /** A gateway or proxy in front that is away is unreachable; anything else is a refusal. */
    static ExitCode classify(int status) {
        return status == 502 || status == 503 || status == 504
                ? ExitCode.UNREACHABLE
                : ExitCode.REFUSED;
    }

    /** The same answer with another exit code (an upload's 400 is the file refused). */
    public ApiError as(ExitCode exit) {
        return new ApiError(exit, status, code, getMessage(), retryAfter, body);
    }

    /** Whether the service refused the file's content: exit 1, as the task failing. */
    public boolean refusesContent() {
        return status == 400 || status == 413 || status == 415 || status == 422;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** The error body, or null when the answer had none (a proxy's page). */
    public JsonNode body() {
        return body;
    }
}

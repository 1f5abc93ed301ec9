package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The HTTP side of every command: one {@link HttpClient}, the key on every request, a timeout on
 * every call, and bounded retries (honouring {@code Retry-After}) for calls that are safe to
 * repeat.
 */
public final class Api {

    private static final String USER_AGENT = "playcount-client/1";

    private final ServiceConfig config;
    private final HttpClient http;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Duration timeout;

    public Api(ServiceConfig config, Backoff backoff, Sleeper sleeper, Duration timeout) {
        this.config = config;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.timeout = timeout;
        // HTTP/1.1: no h2c upgrade dance on plain http, and one request per connection at a time,
        // so a cut connection breaks one call only
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
    }

    public ServiceConfig config() {
        return config;
    }

    public Backoff backoff() {
        return backoff;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    /** A request to an API path or a link the service gave, with the key and the timeout. */
    public HttpRequest.Builder request(String pathOrLink) {
        return request(config.resolve(pathOrLink));
    }

    public HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT);
        config.apiKey().ifPresent(k -> b.header("Authorization", "Bearer " + k));
        return b;
    }

    /** One call; a broken or refused connection is an {@link Unreachable}. */
    public <T> HttpResponse<T> once(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            if (e instanceof LimitedText.TooLarge || e.getCause() instanceof LimitedText.TooLarge) {
                throw new ClientException(
                        ExitCode.REFUSED, request.uri().getPath() + ": " + e.getMessage());
            }
            throw new Unreachable(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    /**
     * A call safe to repeat: tried again after a broken connection or a 423/429/502/503/504,
     * waiting the answer's {@code Retry-After} or the backoff, at most {@link Backoff#attempts()}
     * times. Returns the first other answer, or the last busy one; throws the last {@link
     * Unreachable}.
     */
    public HttpResponse<String> call(Supplier<HttpRequest> request) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = once(request.get(), LimitedText.handler());
            } catch (Unreachable e) {
                if (attempt >= backoff.attempts()) {
                    throw e.after(attempt);
                }
                pause(backoff.delay(attempt));
                continue;
            }
            if (!isBusy(response.statusCode()) || attempt >= backoff.attempts()) {
                return response;
            }
            pause(
                    RetryAfter.parse(response.headers().firstValue("Retry-After"))
                            .orElse(backoff.delay(attempt)));
        }
    }

    /** GETs a JSON body, retrying as {@link #call} does; any other answer than 2xx throws. */
    public JsonNode getJson(String what, String pathOrLink) {
        HttpResponse<String> response = call(() -> request(pathOrLink).GET().build());
        return json(what, response);
    }

    /** The body of a 2xx answer as JSON; the error body of any other as an {@link ApiError}. */
    public static JsonNode json(String what, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw ApiError.of(what, response);
        }
        return Json.parse(response.body());
    }

    /** Answers worth a retry: rate limits, a proxy or service away, a tus upload still locked. */
    public static boolean isBusy(int status) {
        return status == 423 || status == 429 || status == 502 || status == 503 || status == 504;
    }

    /** Waits, turning an interrupt into the interrupted exit. */
    public void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    /** The service did not answer: refused, reset, timed out. */
    public static final class Unreachable extends ClientException {

        private final URI uri;
        private final String reason;

        Unreachable(URI uri, IOException cause) {
            this(uri, reason(cause), cause);
        }

        private Unreachable(URI uri, String reason, Throwable cause) {
            super(ExitCode.UNREACHABLE, "cannot reach " + origin(uri) + ": " + reason, cause);
            this.uri = uri;
            this.reason = reason;
        }

        Unreachable after(int attempts) {
            return new Unreachable(
                    uri,
                    reason + " (" + attempts + " tries)",
                    getCause() == null ? this : getCause());
        }

        private static String origin(URI uri) {
            return uri.getScheme() + "://" + uri.getAuthority();
        }

        static String reason(IOException e) {
            if (e instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (e instanceof HttpTimeoutException) {
                return "no answer in time";
            }
            if (e instanceof ConnectException) {
                return "connection refused";
            }
            String m = Optional.ofNullable(e.getMessage()).orElse("");
            if (m.contains("header parser received no bytes") || m.equals("closed")) {
                return "the connection closed before the answer";
            }
            if (m.contains("EOF") || m.contains("prematurely")) {
                return "the connection closed mid-answer";
            }
            return m.isBlank() ? "the connection broke (" + e.getClass().getSimpleName() + ")" : m;
        }
    }
}

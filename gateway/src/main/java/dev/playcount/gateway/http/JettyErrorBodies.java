package dev.playcount.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Jetty's own answers as the API's error body instead of its HTML page: the requests it refuses
 * before Javalin sees them (a bad request line or header 400, a URI too long 414, headers too large
 * 431, an HTTP version it does not speak 505) and any error it answers itself. The messages are
 * fixed texts: Jetty's reasons quote the parser and the client's bytes.
 */
final class JettyErrorBodies extends ErrorHandler {

    private static final String JSON = "application/json";

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) {
            return BufferUtil.EMPTY_BUFFER;
        }
        fields.put(HttpHeader.CONTENT_TYPE, JSON);
        return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(
            String target,
            Request baseRequest,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        int status = response.getStatus();
        if (HttpStatus.hasNoBody(status)) {
            return;
        }
        byte[] body = body(status).getBytes(StandardCharsets.UTF_8);
        response.setContentType(JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String body(int status) {
        return "{\"code\":\""
                + code(status)
                + "\",\"message\":\""
                + message(status)
                + "\",\"details\":[]}";
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 413 -> "request_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            default -> "http_" + status;
        };
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "the request is not valid HTTP: its request line or a header is malformed";
            case 413 -> "the request is larger than the gateway takes";
            case 414 -> "the request's URI is longer than the gateway takes";
            case 431 -> "the request's headers are larger than the gateway takes";
            case 505 -> "the HTTP version is not supported: send HTTP/1.1";
            default -> {
                String reason = HttpStatus.getMessage(status);
                yield reason == null ? "HTTP status " + status : reason;
            }
        };
    }
}

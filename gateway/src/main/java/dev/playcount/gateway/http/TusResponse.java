package dev.playcount.gateway.http;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.Map;

/**
 * The response as the tus library writes it, but with its errors held back: the library answers
 * them with {@code sendError}, a container page; the API answers them with its error body.
 */
final class TusResponse extends HttpServletResponseWrapper {

    private static final Map<Integer, String> CODES =
            Map.of(
                    400, "invalid_tus_request",
                    403, "forbidden",
                    404, "upload_not_found",
                    409, "upload_offset_mismatch",
                    412, "tus_version_unsupported",
                    413, "upload_too_large",
                    415, "unsupported_media_type",
                    423, "upload_locked",
                    460, "checksum_mismatch");

    private int errorStatus;
    private String errorMessage;

    TusResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void sendError(int sc, String msg) {
        errorStatus = sc;
        errorMessage = msg;
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    boolean failed() {
        return errorStatus != 0;
    }

    int errorStatus() {
        return errorStatus;
    }

    /** The error body of what the library refused, in its words (404s in ours: its name owners). */
    ErrorBody errorBody(String id) {
        String code = CODES.getOrDefault(errorStatus, "tus_" + errorStatus);
        String message =
                errorStatus == 404
                        ? "no unfinished upload " + id + " for this API key"
                        : errorMessage == null ? "the tus request was refused" : errorMessage;
        return ErrorBody.of(code, message);
    }
}

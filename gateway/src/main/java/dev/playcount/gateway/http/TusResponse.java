package dev.playcount.gateway.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.Map;

/**
 * The response as the tus library writes it, but with its errors held back: the library answers
 * them with {@code sendError}, a container page; the API answers them with its error body.
 */
final class TusResponse extends HttpServletResponseWrapper {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(TusResponse.class);

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

    /**
     * Answers what the library refused with the error body. The library sets Content-Length: 0 on
     * every answer; a body needs it gone. It also answers nothing when another request holds the
     * upload's lock (a PATCH the server has not yet seen cut): that is a 423.
     */
    static void answer(Context ctx, TusResponse res, String id) {
        if (res.failed()) {
            LOG.info(
                    "{} {}: tus refused it: {} {}",
                    ctx.method(),
                    ctx.path(),
                    res.errorStatus(),
                    res.errorMessage);
            withBody(ctx).status(res.errorStatus()).json(res.errorBody(id));
        } else if (res.getHeader("Tus-Resumable") == null) {
            locked(ctx, id);
        }
    }

    /**
     * 423 with Retry-After: another request holds the upload (tus clients retry a 423, where a 5xx
     * on HEAD makes tus-js-client start the upload afresh).
     */
    static void locked(Context ctx, String id) {
        LOG.info("{} {}: another request holds the upload: 423", ctx.method(), ctx.path());
        withBody(ctx)
                .status(423)
                .header("Retry-After", "1")
                .json(
                        ErrorBody.of(
                                "upload_locked",
                                "another request to upload "
                                        + id
                                        + " is still running; retry shortly"));
    }

    /** The context, ready for an error body after the library set Content-Length: 0. */
    static Context withBody(Context ctx) {
        ctx.res().setHeader("Content-Length", null);
        return ctx;
    }
}

package dev.playcount.gateway.http;

import io.javalin.http.Context;

/**
 * Cross-origin access to the tus endpoints for the pages of ALLOWED_ORIGINS: their preflights
 * answered, and the tus headers exposed, so that a tus client on such a page can read offsets and
 * the new upload's Location. The API's own page needs none of it.
 */
final class TusCors {

    static final String EXPOSED =
            "Location, Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size,"
                    + " Tus-Checksum-Algorithm, Upload-Offset, Upload-Length, Upload-Expires,"
                    + " Upload-Metadata, Retry-After";
    private static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, Tus-Resumable, Upload-Length, Upload-Defer-Length,"
                    + " Upload-Metadata, Upload-Offset, Upload-Checksum, X-HTTP-Method-Override,"
                    + " X-Requested-With";
    private static final String METHODS = "POST, HEAD, PATCH, DELETE, OPTIONS";

    private final RequestGuard guard;

    TusCors(RequestGuard guard) {
        this.guard = guard;
    }

    /** Lets an allowed origin's page read the answer. */
    void apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && guard.allowedOrigin(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", EXPOSED);
            ctx.header("Vary", "Origin");
        }
    }

    /** Answers a CORS preflight (true), or leaves an OPTIONS to tus discovery (false). */
    boolean preflight(Context ctx) {
        if (ctx.header("Access-Control-Request-Method") == null || ctx.header("Origin") == null) {
            return false;
        }
        String origin = ctx.header("Origin");
        if (guard.allowedOrigin(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Allow-Methods", METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.header("Vary", "Origin");
        }
        ctx.status(204);
        return true;
    }
}

package dev.playcount.gateway.http;

import io.javalin.http.Context;

/**
 * The headers that keep the page and the API's answers from being framed, sniffed into another
 * type, or made to run scripts from elsewhere. The page loads only its own files; Swagger UI's page
 * needs inline script and style (its start-up code is inline), so its paths get those alone.
 */
final class SecurityHeaders {

    private static final String PAGE =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; object-src 'none'; base-uri 'none';"
                    + " form-action 'self'; frame-ancestors 'none'";
    private static final String SWAGGER =
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'"
                    + " 'unsafe-inline'; img-src 'self' data:; connect-src 'self';"
                    + " object-src 'none'; base-uri 'none'; form-action 'self';"
                    + " frame-ancestors 'none'";

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        String path = ctx.path();
        boolean swagger = path.startsWith(Paths.SWAGGER) || path.startsWith("/webjars/");
        ctx.header("Content-Security-Policy", swagger ? SWAGGER : PAGE);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }
}

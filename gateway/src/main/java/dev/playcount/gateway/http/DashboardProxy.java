package dev.playcount.gateway.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The embedded Flink dashboard under {@code /flink/}, read-only, for the API keys {@code
 * FLINK_DASHBOARD_KEYS} names. The dashboard shows every key's jobs, so a key sees it only when the
 * operator says so. A browser asks for the key itself (HTTP Basic, the key as the password), since
 * the dashboard's own requests carry no bearer token. Only GET goes through: the embedded REST port
 * refuses the rest anyway (its guard), and answering 405 here keeps the secret out of reach.
 */
public final class DashboardProxy {

    public static final String PATH = "/flink";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI target;
    private final List<String> keys;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param target the embedded cluster's REST address, e.g. {@code http://127.0.0.1:39981}
     * @param keys the API keys that may open it
     */
    public DashboardProxy(URI target, List<String> keys) {
        String base = target.toString();
        this.target = URI.create(base.endsWith("/") ? base : base + "/");
        this.keys = List.copyOf(keys);
    }

    public void register(Javalin app) {
        // Javalin serves /flink and /flink/ from one route; the dashboard's relative links need
        // the slash
        app.get(
                PATH,
                ctx -> {
                    if (ctx.req().getRequestURI().endsWith("/")) {
                        forward(ctx, "");
                    } else {
                        ctx.redirect(PATH + "/");
                    }
                });
        app.get(PATH + "/<path>", ctx -> forward(ctx, ctx.pathParam("path")));
    }

    private void forward(Context ctx, String path) throws IOException, InterruptedException {
        if (!authorized(ctx)) {
            return;
        }
        String query = ctx.queryString();
        URI uri = target.resolve(path.replace(" ", "%20") + (query == null ? "" : "?" + query));
        if (!uri.toString().startsWith(target.toString())) {
            ctx.status(HttpStatus.NOT_FOUND).json(ErrorBody.of("not_found", "no such path"));
            return;
        }
        HttpResponse<InputStream> answer;
        try {
            answer =
                    client.send(
                            HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            ctx.status(HttpStatus.BAD_GATEWAY)
                    .json(
                            ErrorBody.of(
                                    "flink_unavailable",
                                    "the embedded Flink cluster did not answer"));
            return;
        }
        ctx.status(answer.statusCode());
        answer.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
        // the dashboard's own scripts and styles, framed by nobody
        ctx.header(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src"
                        + " 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none';"
                        + " frame-ancestors 'none'");
        ctx.result(answer.body());
    }

    private boolean authorized(Context ctx) {
        String key = basicPassword(ctx.header("Authorization"));
        if (key != null && keys.contains(key)) {
            return true;
        }
        ctx.header("WWW-Authenticate", "Basic realm=\"Flink dashboard\", charset=\"UTF-8\"");
        ctx.status(HttpStatus.UNAUTHORIZED)
                .json(
                        ErrorBody.of(
                                "unauthorized",
                                "the Flink dashboard takes an API key that FLINK_DASHBOARD_KEYS"
                                        + " names, as the password of HTTP Basic"));
        return false;
    }

    /** The password of an HTTP Basic {@code Authorization} header, or null. */
    static String basicPassword(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair =
                    new String(
                            Base64.getDecoder().decode(header.substring(6).strip()),
                            StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : pair.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

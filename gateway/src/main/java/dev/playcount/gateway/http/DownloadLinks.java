package dev.playcount.gateway.http;

import dev.playcount.gateway.task.TaskService;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use download links, so that a browser with an API key downloads natively
 * (straight to disk, however large) instead of fetching the whole result into memory: a link cannot
 * carry an Authorization header, so the key buys a token bound to one task, one file and one owner.
 * Kept in this process's memory: a link is redeemed at the gateway that made it.
 */
final class DownloadLinks {

    static final String TOKEN = "token";
    static final Duration TTL = Duration.ofSeconds(60);
    private static final Map<String, String> FILES =
            Map.of("download", Paths.DOWNLOAD, "rejects", Paths.REJECTS);

    private record Grant(String owner, String taskId, String route, Instant expires) {}

    private final TaskService service;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    DownloadLinks(TaskService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** A link's answer: where to send the browser, and for how long it works. */
    record Link(String url, long expiresInSeconds) {}

    @OpenApi(
            path = Paths.LINKS,
            methods = HttpMethod.POST,
            operationId = "createDownloadLink",
            summary = "A single-use link to the result or the rejects, valid for 60 s",
            description =
                    "For browsers: the link needs no Authorization header, so a plain link"
                            + " downloads the file to disk.",
            tags = "tasks",
            pathParams = @OpenApiParam(name = "id", required = true),
            queryParams =
                    @OpenApiParam(name = "file", description = "download (default) or rejects"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Link.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))
            })
    void create(Context ctx) {
        String file = ctx.queryParam("file") == null ? "download" : ctx.queryParam("file");
        String route = FILES.get(file);
        if (route == null) {
            throw new ApiException(
                    400,
                    "invalid_parameter",
                    "file must be download or rejects, not " + file.replaceAll("\\p{Cntrl}", "?"));
        }
        String owner = ApiKeys.owner(ctx);
        String id = service.get(owner, ctx.pathParam("id")).id(); // 404 for another owner's
        purgeExpired();
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(owner, id, route, clock.instant().plus(TTL)));
        String url = route.replace("{id}", id) + "?" + TOKEN + "=" + token;
        ctx.json(new Link(url, TTL.toSeconds()));
    }

    /**
     * Authenticates a download by its link's token, used up here; false when the request has none.
     *
     * @throws ApiException 401 for a token that is unknown, used, expired, or for another file
     */
    boolean redeem(Context ctx) {
        String token = ctx.queryParam(TOKEN);
        if (token == null) {
            return false;
        }
        Grant grant = grants.remove(token);
        if (grant == null
                || grant.expires().isBefore(clock.instant())
                || !grant.route().equals(ctx.endpointHandlerPath())
                || !grant.taskId().equalsIgnoreCase(ctx.pathParam("id"))) {
            throw new ApiException(
                    401,
                    "invalid_download_link",
                    "the download link is not valid: links work once, for "
                            + TTL.toSeconds()
                            + " s; ask for a new one");
        }
        ctx.attribute(ApiKeys.OWNER, grant.owner());
        return true;
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        grants.values().removeIf(g -> g.expires().isBefore(now));
    }
}

package dev.playcount.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.playcount.gateway.task.ApiTaskStore;
import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.tus.ResumableUploads;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.openapi.plugin.OpenApiPlugin;
import io.javalin.openapi.plugin.OpenApiPluginConfiguration;
import io.javalin.openapi.plugin.swagger.SwaggerPlugin;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the HTTP API on Javalin: routes, API keys, error bodies, OpenAPI and metrics. */
public final class GatewayApp {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    private GatewayApp() {}

    /** Where resumable uploads are created: tus-java-server builds its Location URLs from it. */
    public static final String UPLOADS_PATH = Paths.UPLOADS;

    /**
     * Bytes Jetty reads from a connection at once: its 8 KiB default costs a read call each (about
     * 8% more gateway CPU per uploaded byte than 64 KiB in bench/gateway-io).
     */
    private static final int INPUT_BUFFER = 64 << 10;

    /**
     * @param checks readiness checks by name, for {@code /ready}
     * @param limits the concurrent transfers and task creations each caller and the process take
     * @param guard the Host and cross-site checks every request passes first
     */
    public static Javalin create(
            TaskService service,
            ApiTaskStore tasks,
            Map<String, BooleanSupplier> checks,
            GatewayMetrics metrics,
            List<String> apiKeys,
            String host,
            int port,
            HttpLimits limits,
            RequestGuard guard) {
        return create(service, tasks, checks, metrics, apiKeys, host, port, limits, guard, null);
    }

    /**
     * As above, with the tus endpoints under {@code /uploads} when {@code resumable} is not null.
     */
    public static Javalin create(
            TaskService service,
            ApiTaskStore tasks,
            Map<String, BooleanSupplier> checks,
            GatewayMetrics metrics,
            List<String> apiKeys,
            String host,
            int port,
            HttpLimits limits,
            RequestGuard guard,
            ResumableUploads resumable) {
        ApiKeys keys = new ApiKeys(apiKeys);
        if (keys.open()) {
            LOG.warn(
                    "API_KEYS is not set: the API is open to anyone who can reach it, and every"
                            + " caller sees every task");
        } else {
            LOG.info("API keys required ({} configured)", apiKeys.size());
        }
        if (keys.open() && guard.anyHost() && !RequestGuard.loopback(host)) {
            LOG.warn(
                    "HOST={} with no API_KEYS and no ALLOWED_HOSTS: any web page the users of this"
                            + " network visit can reach the API through DNS rebinding",
                    host);
        }
        UploadAdmission admission = uploadAdmission(limits);
        TaskHandlers taskHandlers = taskHandlers(service, metrics, limits, admission);
        OpsHandlers ops = new OpsHandlers(checks, metrics, tasks);
        Javalin app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.jetty.addConnector(
                                    (server, http) -> connector(server, http, host, port, limits));
                            config.jsonMapper(new JavalinJackson(objectMapper(), false));
                            // Jetty's own 400/414/431/505 answers: the error body, not HTML
                            config.jetty.modifyServer(
                                    server -> server.setErrorHandler(new JettyErrorBodies()));
                            // a known path with another method: 405 with Allow, not 404
                            config.http.prefer405over404 = true;
                            // Downloads are large and range-addressed: never recompress them.
                            config.http.disableCompression();
                            // the web page: plain HTML, CSS and JS that use the public API only
                            config.staticFiles.add("/public", Location.CLASSPATH);
                            config.registerPlugin(new OpenApiPlugin(GatewayApp::openApi));
                            config.registerPlugin(
                                    new SwaggerPlugin(
                                            swagger -> {
                                                swagger.setUiPath(Paths.SWAGGER);
                                                swagger.setDocumentationPath(Paths.OPENAPI);
                                            }));
                            config.requestLogger.http(
                                    (ctx, millis) ->
                                            metrics.request(
                                                    ctx.method().name(),
                                                    route(ctx),
                                                    ctx.statusCode(),
                                                    millis));
                        });
        app.before(
                ctx -> {
                    SecurityHeaders.apply(ctx);
                    guard.check(ctx);
                });
        DownloadLinks links = new DownloadLinks(service, java.time.Clock.systemUTC());
        app.beforeMatched(
                ctx -> {
                    // OPTIONS (tus discovery, CORS preflights) tells nothing of anyone's tasks
                    if (ctx.path().startsWith(Paths.BASE)
                            && ctx.method() != io.javalin.http.HandlerType.OPTIONS
                            && !links.redeem(ctx)) {
                        keys.authenticate(ctx);
                    }
                });
        app.post(Paths.TASKS, taskHandlers::create);
        app.get(Paths.TASKS, taskHandlers::list);
        // an unfinished resumable upload has a status too: its id is its task's
        io.javalin.http.Handler status =
                resumable == null
                        ? taskHandlers::status
                        : TusRoutes.register(
                                app,
                                resumable,
                                service,
                                admission,
                                guard,
                                taskHandlers::status,
                                taskHandlers::cancel);
        app.get(Paths.STATUS, status);
        if (resumable == null) {
            app.delete(Paths.TASK, taskHandlers::cancel);
        }
        app.get(Paths.DOWNLOAD, taskHandlers::download);
        app.get(Paths.REJECTS, taskHandlers::rejects);
        // HEAD answers what GET would (404, 409, the real Content-Length), without the body:
        // left to itself, Javalin answers 200 to a HEAD on any GET route without running it
        app.head(Paths.DOWNLOAD, taskHandlers::download);
        app.head(Paths.REJECTS, taskHandlers::rejects);
        app.head(Paths.TASKS, taskHandlers::list);
        app.head(Paths.STATUS, status);
        app.head("/health", ops::health);
        app.head("/ready", ops::ready);
        app.post(Paths.LINKS, links::create);
        app.get("/health", ops::health);
        app.get("/ready", ops::ready);
        app.get("/metrics", ops::metrics);
        ErrorMapping.install(app);
        return app;
    }

    /** One admission for POSTs and PATCHes alike: a PATCH is an upload while it sends. */
    private static UploadAdmission uploadAdmission(HttpLimits limits) {
        return new UploadAdmission(
                new TransferLimit(
                        "uploads",
                        "MAX_UPLOADS",
                        limits.maxUploads(),
                        "MAX_UPLOADS_PER_KEY",
                        limits.maxUploadsPerKey()),
                new TaskRateLimit(
                        limits.tasksPerMinute(), limits.tasksPerMinutePerKey(), System::nanoTime));
    }

    private static TaskHandlers taskHandlers(
            TaskService service,
            GatewayMetrics metrics,
            HttpLimits limits,
            UploadAdmission admission) {
        return new TaskHandlers(
                service,
                metrics::uploadBytes,
                admission,
                new TransferLimit(
                        "downloads",
                        "MAX_DOWNLOADS",
                        limits.maxDownloads(),
                        "MAX_DOWNLOADS_PER_KEY",
                        limits.maxDownloadsPerKey()));
    }

    private static void openApi(OpenApiPluginConfiguration openApi) {
        openApi.withDocumentationPath(Paths.OPENAPI)
                .withDefinitionConfiguration(
                        (version, definition) ->
                                definition
                                        .withInfo(
                                                info -> {
                                                    info.setTitle("playcount file-processing API");
                                                    info.setVersion("1");
                                                    info.setDescription(
                                                            "Upload CSVs of song plays; download"
                                                                    + " total plays per song and"
                                                                    + " date.");
                                                })
                                        .withSecurity(
                                                security ->
                                                        security.withBearerAuth(
                                                                "apiKey", bearer -> {})));
    }

    private static ServerConnector connector(
            Server server, HttpConfiguration http, String host, int port, HttpLimits limits) {
        // Jetty's own floor: a body or a response slower than this on average since its first
        // byte ends with 408 (or a closed connection), so a trickling client frees its thread.
        http.setMinRequestDataRate(limits.minDataRate());
        http.setMinResponseDataRate(limits.minDataRate());
        HttpConnectionFactory factory = new HttpConnectionFactory(http);
        factory.setInputBufferSize(INPUT_BUFFER);
        ServerConnector connector = new ServerConnector(server, factory);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        return connector;
    }

    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static String route(io.javalin.http.Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}

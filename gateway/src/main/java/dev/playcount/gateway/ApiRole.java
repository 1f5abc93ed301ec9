package dev.playcount.gateway;

import dev.playcount.core.concurrent.NamedThreads;
import dev.playcount.gateway.http.DashboardProxy;
import dev.playcount.gateway.http.GatewayApp;
import dev.playcount.gateway.http.GatewayMetrics;
import dev.playcount.gateway.http.RequestGuard;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.storage.UploadWriter;
import dev.playcount.gateway.task.ApiTaskStore;
import dev.playcount.gateway.task.JobQueue;
import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.tus.ResumableUploads;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway role: the HTTP API over the task service, listening once started. */
final class ApiRole {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRole.class);

    private final Javalin app;

    private ApiRole(Javalin app) {
        this.app = app;
    }

    /**
     * @param checks readiness checks by name, for {@code /ready}
     */
    static ApiRole start(
            HttpConfig http,
            StorageConfig storage,
            LimitsConfig limits,
            ResumableConfig resumable,
            ApiTaskStore tasks,
            JobQueue queue,
            FileStore files,
            Map<String, BooleanSupplier> checks,
            Optional<URI> embeddedFlink,
            Clock clock,
            Schedules schedules,
            java.time.Duration cleanupInterval,
            Resources resources) {
        GatewayMetrics metrics = resources.add(new GatewayMetrics());
        ExecutorService storeThreads =
                Executors.newCachedThreadPool(NamedThreads.daemon("upload-store"));
        resources.add(storeThreads::shutdownNow);
        // every queued or running job may still write about its input's size
        UploadWriter uploads =
                new UploadWriter(
                        files, storage.minFreeDisk(), tasks::runningInputBytes, storeThreads);
        TaskService service = new TaskService(tasks, queue, files, uploads, clock, limits.quotas());
        ResumableUploads tus =
                resources.add(
                        new ResumableUploads(
                                GatewayApp.UPLOADS_PATH,
                                files,
                                service,
                                metrics::uploadBytes,
                                limits.quotas().maxUploadBytes(),
                                resumable.uploadTtl(),
                                resumable.maxOpenUploads()));
        // expired uploads go with the other cleanup, on its schedule
        schedules.every(cleanupInterval, tus::cleanup);
        Javalin app =
                GatewayApp.create(
                        service,
                        tasks,
                        checks,
                        metrics,
                        http.apiKeys(),
                        http.host(),
                        http.port(),
                        limits.http(),
                        new RequestGuard(http.host(), http.allowedHosts(), http.allowedOrigins()),
                        tus);
        if (!http.dashboardKeys().isEmpty()) {
            if (embeddedFlink.isPresent()) {
                new DashboardProxy(embeddedFlink.get(), http.dashboardKeys()).register(app);
                LOG.info(
                        "the embedded Flink dashboard is served at {}/ for the {} key(s) of"
                                + " FLINK_DASHBOARD_KEYS",
                        DashboardProxy.PATH,
                        http.dashboardKeys().size());
            } else {
                LOG.warn(
                        "FLINK_DASHBOARD_KEYS is set, but this process runs no embedded Flink"
                                + " cluster: {}/ is not served",
                        DashboardProxy.PATH);
            }
        }
        resources.add(app::stop);
        app.start();
        LOG.info(
                "gateway listening on http://{}:{} (storage {})",
                http.host(),
                app.port(),
                files.root());
        return new ApiRole(app);
    }

    /** The port HTTP is served on (useful when PORT=0 picked a free one). */
    int port() {
        return app.port();
    }
}

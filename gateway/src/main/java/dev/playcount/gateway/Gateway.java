package dev.playcount.gateway;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.playcount.gateway.concurrent.NamedThreads;
import dev.playcount.gateway.embedded.EmbeddedBroker;
import dev.playcount.gateway.embedded.EmbeddedFlink;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import dev.playcount.gateway.http.GatewayApp;
import dev.playcount.gateway.http.GatewayMetrics;
import dev.playcount.gateway.launcher.FlinkJobRunner;
import dev.playcount.gateway.launcher.Parallelism;
import dev.playcount.gateway.launcher.TaskLauncher;
import dev.playcount.gateway.messaging.RabbitJobConsumer;
import dev.playcount.gateway.messaging.RabbitJobQueue;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.storage.MongoTaskRepository;
import dev.playcount.gateway.storage.UploadWriter;
import dev.playcount.gateway.task.Cleanup;
import dev.playcount.gateway.task.QueueRelay;
import dev.playcount.gateway.task.TaskService;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway process: wires storage, the task store, the queue, the schedules and the HTTP
 * API from one {@link GatewayConfig}, starting embedded servers where no URI is set. Closing it
 * stops everything it started, in reverse order.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private Javalin app;
    private URI flinkRestUrl;

    private Gateway() {}

    public static Gateway start(GatewayConfig config, Clock clock) {
        Gateway gateway = new Gateway();
        try {
            gateway.wire(config, clock);
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        } catch (Exception e) {
            gateway.close();
            throw new IllegalStateException("the gateway could not start: " + e.getMessage(), e);
        }
    }

    private void wire(GatewayConfig config, Clock clock) throws Exception {
        FileStore files = new FileStore(config.storageDir());
        String mongoUri = config.mongoUri();
        if (config.embeddedMongo()) {
            EmbeddedMongo mongo =
                    closeLater(
                            EmbeddedMongo.start(
                                    files.root().resolve("mongo"), config.embeddedMongoPort()));
            mongoUri = mongo.connectionString();
            LOG.info("MONGO_URI is not set: embedded MongoDB-compatible server at {}", mongoUri);
        }
        MongoClient client = closeLater(MongoClients.create(mongoSettings(mongoUri, config)));
        MongoTaskRepository tasks =
                new MongoTaskRepository(client.getDatabase(config.mongoDatabase()));
        tasks.createIndexes();

        String amqpUri = config.amqpUri();
        if (config.embeddedAmqp()) {
            EmbeddedBroker broker =
                    closeLater(
                            EmbeddedBroker.start(
                                    files.root().resolve("broker"), config.embeddedAmqpPort()));
            amqpUri = broker.amqpUri();
            // A fresh in-memory broker holds no messages: send every QUEUED task's request again.
            long requeue = tasks.unmarkQueued();
            LOG.info(
                    "AMQP_URI is not set: embedded AMQP broker on 127.0.0.1:{} ({} queued task(s)"
                            + " to publish again)",
                    broker.port(),
                    requeue);
        }
        RabbitJobQueue queue = closeLater(new RabbitJobQueue(amqpUri, config.amqpQueue()));

        ScheduledExecutorService schedule =
                Executors.newScheduledThreadPool(1, NamedThreads.daemon("gateway-schedule"));
        closeLater(schedule::shutdownNow);
        long relayMs = config.relayInterval().toMillis();
        schedule.scheduleWithFixedDelay(
                new QueueRelay(tasks, queue, clock, config.relayInterval()),
                relayMs,
                relayMs,
                TimeUnit.MILLISECONDS);

        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put(
                "mongodb",
                () -> {
                    tasks.ping();
                    return true;
                });
        checks.put("broker", queue::ready);
        if (config.runs(GatewayConfig.LAUNCHER)) {
            startLauncher(config, clock, files, tasks, amqpUri, checks);
        }
        if (config.runs(GatewayConfig.GATEWAY)) {
            startApi(config, clock, files, tasks, queue, schedule, checks);
        }
    }

    private void startLauncher(
            GatewayConfig config,
            Clock clock,
            FileStore files,
            MongoTaskRepository tasks,
            String amqpUri,
            Map<String, BooleanSupplier> checks)
            throws Exception {
        URI restUrl;
        String dashboard;
        Path jobJar = config.jobJar().isEmpty() ? null : Path.of(config.jobJar());
        Parallelism parallelism;
        if (config.embeddedFlink()) {
            parallelism = Parallelism.fixed(config.embeddedParallelism());
            EmbeddedFlink flink =
                    closeLater(
                            EmbeddedFlink.start(
                                    config.flinkDashboardPort(),
                                    config.embeddedParallelism() * config.maxConcurrentJobs()));
            restUrl = flink.restUrl();
            dashboard = "http://localhost:" + restUrl.getPort();
            jobJar = null; // the MiniCluster runs in this JVM and has the job's classes
            LOG.info(
                    "FLINK_REST_URL is not set: embedded Flink cluster, dashboard at {}",
                    dashboard);
        } else {
            restUrl = URI.create(config.flinkRestUrl());
            // a remote cluster grows and shrinks: each job asks it for its task slots
            parallelism = Parallelism.clusterSlots(config.flinkParallelism());
            dashboard = config.flinkRestUrl();
        }
        if (!config.flinkDashboardUrl().isEmpty()) {
            dashboard = config.flinkDashboardUrl();
        }
        FlinkJobRunner runner =
                closeLater(
                        new FlinkJobRunner(restUrl, dashboard, jobJar, parallelism, files, clock));
        checks.put("flink", runner::ready);
        flinkRestUrl = restUrl;
        TaskLauncher launcher =
                new TaskLauncher(tasks, runner, files, clock, config.progressInterval());
        // Requests may have been lost (a broker without persistence, a crash): send the requests
        // of unfinished tasks again; the launcher ignores what it already runs or finished.
        long resent = tasks.unmarkQueued();
        RabbitJobConsumer consumer =
                closeLater(
                        new RabbitJobConsumer(
                                amqpUri,
                                config.amqpQueue(),
                                config.maxConcurrentJobs(),
                                launcher::run));
        consumer.start();
        LOG.info(
                "launcher started: up to {} job(s) at once, parallelism {}, {} unfinished task(s)"
                        + " to request again",
                config.maxConcurrentJobs(),
                parallelism.describe(),
                resent);
    }

    private void startApi(
            GatewayConfig config,
            Clock clock,
            FileStore files,
            MongoTaskRepository tasks,
            RabbitJobQueue queue,
            ScheduledExecutorService schedule,
            Map<String, BooleanSupplier> checks) {
        GatewayMetrics metrics = closeLater(new GatewayMetrics());
        ExecutorService storeThreads =
                Executors.newCachedThreadPool(NamedThreads.daemon("upload-store"));
        closeLater(storeThreads::shutdownNow);
        TaskService service =
                new TaskService(
                        tasks,
                        queue,
                        files,
                        new UploadWriter(files, config.minFreeDisk(), storeThreads),
                        clock);
        long cleanupMs = config.cleanupInterval().toMillis();
        schedule.scheduleWithFixedDelay(
                new Cleanup(tasks, files, clock, config.resultTtl(), config.orphanGrace()),
                cleanupMs,
                cleanupMs,
                TimeUnit.MILLISECONDS);
        app =
                GatewayApp.create(
                        service,
                        tasks,
                        checks,
                        metrics,
                        config.apiKeys(),
                        config.host(),
                        config.port());
        closeLater(app::stop);
        app.start();
        LOG.info(
                "gateway listening on http://{}:{} (storage {})",
                config.host(),
                app.port(),
                files.root());
    }

    private static MongoClientSettings mongoSettings(String uri, GatewayConfig config) {
        int timeoutMs = (int) config.mongoTimeout().toMillis();
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(
                        b -> b.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(
                        b ->
                                b.connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                                        .readTimeout(timeoutMs * 4, TimeUnit.MILLISECONDS))
                .build();
    }

    /** The port HTTP is served on (useful when PORT=0 picked a free one). */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("this process does not run the gateway role");
        }
        return app.port();
    }

    /** The REST API of the Flink cluster the launcher uses, when this process runs one. */
    public java.util.Optional<URI> flinkRestUrl() {
        return java.util.Optional.ofNullable(flinkRestUrl);
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }
}

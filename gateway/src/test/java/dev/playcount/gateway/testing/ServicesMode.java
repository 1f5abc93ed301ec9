package dev.playcount.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Services mode as docker-compose runs it, for tests that start and kill its processes: a
 * standalone Flink cluster ({@link LocalCluster}), a MongoDB-compatible server, the test broker
 * with a queue of its own, and {@code ROLES=gateway} / {@code ROLES=launcher} JVMs ({@link
 * RoleProcess}) sharing one storage folder. Closing it stops everything it started and deletes its
 * queue.
 */
public final class ServicesMode implements AutoCloseable {

    private final Path dir;
    private final List<RoleProcess> processes = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private LocalCluster cluster;
    private EmbeddedMongo mongo;
    private TestBroker broker;
    private ApiClient api;

    private ServicesMode(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts the cluster ({@code taskManagers} one-slot TaskManagers), the store and the broker;
     * the roles start with {@link #gateway()} and {@link #launcher(String)}.
     *
     * @param extra settings every role gets, over the defaults here
     */
    public static ServicesMode start(Path dir, int taskManagers, Map<String, String> extra)
            throws Exception {
        ServicesMode services = new ServicesMode(dir);
        try {
            services.cluster = LocalCluster.start(dir.resolve("cluster"), taskManagers);
            services.mongo = EmbeddedMongo.start(dir.resolve("mongo"));
            services.broker = TestBroker.start(dir.resolve("broker"));
            services.env.putAll(services.defaults());
            services.env.putAll(extra);
            return services;
        } catch (Exception | AssertionError e) {
            services.close();
            throw e;
        }
    }

    private Map<String, String> defaults() throws Exception {
        int port = LocalCluster.freePort();
        api = new ApiClient(URI.create("http://127.0.0.1:" + port));
        Map<String, String> defaults = new HashMap<>();
        defaults.put("HOST", "127.0.0.1");
        defaults.put("PORT", String.valueOf(port));
        defaults.put("STORAGE_DIR", storage().toString());
        defaults.put("MONGO_URI", mongo.connectionString());
        defaults.put("AMQP_URI", broker.uri());
        defaults.put("AMQP_QUEUE", "playcount.test." + UUID.randomUUID());
        defaults.put("MIN_FREE_DISK", "16MB");
        defaults.put("FLINK_REST_URL", cluster.restUrl().toString());
        defaults.put("PIPELINE_JAR", LocalCluster.pipelineJar().toString());
        defaults.put("PROGRESS_INTERVAL", "500ms");
        return defaults;
    }

    /** Starts the {@code ROLES=gateway} process and waits until its API answers. */
    public RoleProcess gateway() throws Exception {
        RoleProcess gateway = role("gateway", "gateway", Map.of());
        api.awaitHealthy(Duration.ofSeconds(60), gateway);
        return gateway;
    }

    /** Starts a {@code ROLES=launcher} process whose log is {@code NAME.log}. */
    public RoleProcess launcher(String name) throws Exception {
        return role("launcher", name, Map.of());
    }

    /** Starts a process of {@code roles} with {@code extra} over the shared settings. */
    public RoleProcess role(String roles, String name, Map<String, String> extra) throws Exception {
        Map<String, String> roleEnv = new HashMap<>(env);
        roleEnv.putAll(extra);
        RoleProcess process = RoleProcess.start(roles, name, roleEnv, dir);
        processes.add(process);
        return process;
    }

    /**
     * Waits until the task's Flink job has vertices running (the task must not end first); returns
     * the job id.
     */
    public String awaitJobRunning(String taskId, Duration timeout) {
        FlinkRest flink = flink();
        return await().alias("task " + taskId + "'s Flink job runs")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> {
                            JsonNode task = api.task(taskId);
                            assertThat(task.get("status").asText())
                                    .as(task.toString())
                                    .isIn("QUEUED", "IN_PROGRESS");
                            String jobId = task.get("flinkJobId").asText(null);
                            return jobId != null && flink.verticesRunning(jobId) ? jobId : null;
                        },
                        Objects::nonNull);
    }

    public ApiClient api() {
        return api;
    }

    public FlinkRest flink() {
        return new FlinkRest(cluster.restUrl());
    }

    public LocalCluster cluster() {
        return cluster;
    }

    /** The storage folder every role shares ({@code STORAGE_DIR}). */
    public Path storage() {
        return dir.resolve("storage");
    }

    @Override
    public void close() throws Exception {
        try {
            for (RoleProcess process : processes) {
                process.close();
            }
            if (broker != null) {
                if (env.containsKey("AMQP_QUEUE")) {
                    broker.deleteQueue(env.get("AMQP_QUEUE"));
                }
                broker.close();
            }
            if (mongo != null) {
                mongo.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}

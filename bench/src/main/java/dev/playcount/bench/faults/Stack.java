package dev.playcount.bench.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Services mode as separate processes, as docker-compose runs it: a Flink standalone cluster of two
 * TaskManagers, a MongoDB-compatible server, the local RabbitMQ with a queue of its own, one {@code
 * ROLES=gateway} JVM and two {@code ROLES=launcher} JVMs, all sharing one storage folder. Short
 * leases, sweeps and grace periods make recovery take seconds instead of minutes.
 */
final class Stack implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    static final int LAUNCHERS = 2;
    static final int TASK_MANAGERS = 2;

    private final Path repo;
    private final Path work;
    private final Path pids;
    private final String queue;
    private final String amqpUri;
    private final FlinkCluster cluster;
    private final Rabbit rabbit;
    private final int gatewayPort;
    private final List<Child> launchers = new ArrayList<>();
    private final List<Child> stopped = new ArrayList<>();
    private Child mongo;
    private String mongoUri;
    private Child gateway;
    private int launchersStarted;
    private int gatewaysStarted;

    Stack(Path repo, Path work, String queue, String amqpUri, int amqpPort) throws IOException {
        this.repo = repo;
        this.work = work;
        this.pids = Files.createDirectories(work.resolve("pids"));
        this.queue = queue;
        this.amqpUri = amqpUri;
        this.cluster = new FlinkCluster(repo, work.resolve("cluster"), freePort(), freePort());
        this.rabbit = new Rabbit(amqpPort);
        this.gatewayPort = freePort();
    }

    void start() throws Exception {
        cluster.start(TASK_MANAGERS);
        int mongoPort = freePort();
        mongo =
                Child.start(
                        "mongo",
                        List.of(
                                java(),
                                "-Xmx256m",
                                "-cp",
                                gatewayJar(),
                                repo.resolve("bench/MongoServer.java").toString(),
                                work.resolve("mongo").toString(),
                                Integer.toString(mongoPort)),
                        Map.of(),
                        work,
                        pids);
        Wait.forLog(mongo, "listening on", START);
        mongoUri = "mongodb://127.0.0.1:" + mongoPort;
        startGateway();
        for (int i = 0; i < LAUNCHERS; i++) {
            startLauncher();
        }
    }

    ApiClient api() {
        return new ApiClient(URI.create("http://127.0.0.1:" + gatewayPort));
    }

    FlinkCluster cluster() {
        return cluster;
    }

    Rabbit rabbit() {
        return rabbit;
    }

    List<Child> launchers() {
        return List.copyOf(launchers);
    }

    Child gateway() {
        return gateway;
    }

    Path work() {
        return work;
    }

    /** Every log of a role this stack ran, the stopped ones included. */
    List<Path> roleLogs() {
        List<Path> logs = new ArrayList<>();
        stopped.forEach(c -> logs.add(c.log()));
        launchers.forEach(c -> logs.add(c.log()));
        if (gateway != null) {
            logs.add(gateway.log());
        }
        return logs;
    }

    /** A new launcher, as compose's restart policy starts one; returns once it consumes. */
    Child startLauncher() throws Exception {
        Child c = startRole("launcher-" + ++launchersStarted, "launcher");
        launchers.add(c);
        Wait.forLog(c, " started: up to ", START);
        return c;
    }

    /** Forgets a launcher that was stopped or killed. */
    void removed(Child launcher) {
        launchers.remove(launcher);
        stopped.add(launcher);
    }

    /** A new gateway on the same port and storage; returns once it answers. */
    void startGateway() throws Exception {
        if (gateway != null) {
            stopped.add(gateway);
        }
        gateway = startRole("gateway-" + ++gatewaysStarted, "gateway");
        ApiClient api = api();
        Wait.until(gateway + " answers /health", START, api::healthy);
    }

    private Child startRole(String name, String roles) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("ROLES", roles);
        env.put("HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(gatewayPort));
        env.put("STORAGE_DIR", work.resolve("storage").toString());
        env.put("MONGO_URI", mongoUri);
        env.put("AMQP_URI", amqpUri);
        env.put("AMQP_QUEUE", queue);
        env.put("FLINK_REST_URL", cluster.restUrl().toString());
        env.put(
                "PIPELINE_JAR",
                repo.resolve("pipeline-job/target/pipeline-job-cluster.jar").toString());
        env.put("MIN_FREE_DISK", "256MB");
        // one slot per job: two jobs run at once and more wait for a slot
        env.put("FLINK_PARALLELISM", "1");
        env.put("MAX_CONCURRENT_JOBS", "2");
        env.put("PROGRESS_INTERVAL", "500ms");
        env.put("RELAY_INTERVAL", "1s");
        env.put("LEASE_DURATION", "6s");
        env.put("SWEEP_INTERVAL", "2s");
        env.put("REQUEST_GRACE", "10s");
        env.put("FLINK_OUTAGE_TOLERANCE", "2m");
        env.put("API_KEYS", "");
        return Child.start(
                name, List.of(java(), "-Xmx256m", "-jar", gatewayJar()), env, work, pids);
    }

    /** Stops the roles (SIGTERM), the MongoDB server and the cluster, and deletes the queues. */
    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        List<Child> all = new ArrayList<>(launchers);
        all.add(gateway);
        all.add(mongo);
        for (Child c : all) {
            if (c != null) {
                try {
                    c.stop(STOP_GRACE);
                } catch (InterruptedException e) {
                    c.kill();
                }
            }
        }
        try {
            cluster.close();
        } catch (IOException e) {
            failures.add(e);
        }
        for (String q : List.of(queue, queue + ".dead")) {
            try {
                rabbit.deleteQueue(q);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            failures.forEach(e -> System.err.println("stopping: " + e.getMessage()));
        }
    }

    private String gatewayJar() {
        return repo.resolve("gateway/target/gateway.jar").toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

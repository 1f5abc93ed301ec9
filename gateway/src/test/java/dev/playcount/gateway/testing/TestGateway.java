package dev.playcount.gateway.testing;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.playcount.gateway.Gateway;
import dev.playcount.gateway.GatewayConfig;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import dev.playcount.gateway.storage.FileStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;

/**
 * A gateway started through the same factory as {@code main}, on a free loopback port, with its own
 * storage folder, an embedded MongoDB-compatible server the test can read, and a queue of its own
 * on the test broker. Stands in for the launcher by finishing tasks in the store directly.
 */
public final class TestGateway implements AutoCloseable {

    public static final String API = "/api/v1/file-processing";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path storage;
    private final EmbeddedMongo mongo;
    private final MongoClient client;
    private final Gateway gateway;
    private final String queue;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestGateway(
            Path storage, EmbeddedMongo mongo, MongoClient client, Gateway gateway, String queue) {
        this.storage = storage;
        this.mongo = mongo;
        this.client = client;
        this.gateway = gateway;
        this.queue = queue;
    }

    /** Environment for a test gateway; {@code extra} overrides any of it. */
    public static Map<String, String> env(Path storage, String mongoUri, String amqpUri) {
        Map<String, String> env = new HashMap<>();
        env.put("ROLES", "gateway"); // tests that need the launcher add it
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("STORAGE_DIR", storage.toString());
        env.put("MONGO_URI", mongoUri);
        env.put("MONGO_TIMEOUT", "1s");
        env.put("AMQP_URI", amqpUri);
        env.put("AMQP_QUEUE", "playcount.test." + UUID.randomUUID());
        env.put("MIN_FREE_DISK", "16MB");
        env.put("RELAY_INTERVAL", "300ms");
        env.put("CLEANUP_INTERVAL", "1h");
        return env;
    }

    /** Settings that add the launcher role on an embedded cluster with a free dashboard port. */
    public static Map<String, String> withLauncher() {
        return Map.of(
                "ROLES", "gateway,launcher",
                "FLINK_DASHBOARD_PORT", "0",
                "FLINK_PARALLELISM", "2",
                "MAX_CONCURRENT_JOBS", "2",
                "PROGRESS_INTERVAL", "200ms");
    }

    public static TestGateway start(Path dir, TestBroker broker, Map<String, String> extra) {
        Path storage = dir.resolve("storage");
        EmbeddedMongo mongo = EmbeddedMongo.start(dir.resolve("mongo"));
        Map<String, String> env = env(storage, mongo.connectionString(), broker.uri());
        env.putAll(extra);
        Gateway gateway = Gateway.start(GatewayConfig.fromEnv(env), Clock.systemUTC());
        MongoClient client = MongoClients.create(mongo.connectionString());
        return new TestGateway(storage, mongo, client, gateway, env.get("AMQP_QUEUE"));
    }

    /** The Flink cluster's REST API, when the gateway runs the launcher role. */
    public URI flinkRestUrl() {
        return gateway.flinkRestUrl().orElseThrow();
    }

    /** Polls a task's status until it is one of {@code statuses}; returns every task seen. */
    public java.util.List<JsonNode> awaitStatus(String id, Duration timeout, String... statuses) {
        java.util.List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<String> wanted = java.util.Arrays.asList(statuses);
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                JsonNode task = json(get(API + "/tasks/" + id + "/status"));
                                seen.add(task.get("task"));
                                return task.get("task").get("status").asText();
                            },
                            wanted::contains);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "task "
                            + id
                            + " did not reach "
                            + wanted
                            + ": "
                            + (seen.isEmpty() ? "no answer" : seen.get(seen.size() - 1)),
                    e);
        }
        return seen;
    }

    /**
     * How many {@code method} requests to {@code route} (as Javalin names it, {@code {id}} and all)
     * the gateway has answered, by its metrics: a request is counted once its handler returned.
     */
    public long requestsServed(String method, String route) throws IOException {
        return requestsServed(method, route, "");
    }

    /** As {@link #requestsServed(String, String)}, counting only answers with {@code status}. */
    public long requestsServed(String method, String route, int status) throws IOException {
        return requestsServed(method, route, "status=\"" + status + "\"");
    }

    private long requestsServed(String method, String route, String label) throws IOException {
        String prefix = "http_server_requests_seconds_count{";
        double n = 0;
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(prefix)
                    && line.contains("method=\"" + method + "\"")
                    && line.contains("route=\"" + route + "\"")
                    && line.contains(label)) {
                n += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) n;
    }

    /** The MongoDB the gateway records tasks in. */
    public String mongoUri() {
        return mongo.connectionString();
    }

    public String queue() {
        return queue;
    }

    public Path storage() {
        return storage;
    }

    public FileStore files() {
        return new FileStore(storage);
    }

    public MongoCollection<Document> tasks() {
        return client.getDatabase("playcount").getCollection("tasks");
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(
                    request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    public HttpResponse<String> delete(String path, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).DELETE();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    /** POSTs a raw text/csv body. */
    public HttpResponse<String> uploadRaw(String query, byte[] body, String... headers)
            throws IOException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(API + "/tasks" + query))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    /** POSTs a multipart form with one file part. */
    public HttpResponse<String> upload(
            String query, String partName, String fileName, byte[] body, String... headers)
            throws IOException {
        Multipart form = Multipart.withFile(partName, fileName, body);
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(API + "/tasks" + query))
                        .header("Content-Type", form.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Does what the launcher will do when a job succeeds: writes the result, marks COMPLETED. */
    public void complete(String id, String result, String rejects, long rowsRead)
            throws IOException {
        FileStore files = files();
        Files.writeString(files.result(id), result, StandardCharsets.UTF_8);
        if (rejects != null) {
            Files.writeString(files.rejects(id), rejects, StandardCharsets.UTF_8);
        }
        tasks().updateOne(
                        eq("_id", id),
                        combine(
                                set("status", "COMPLETED"),
                                set("startedAt", new Date()),
                                set("finishedAt", new Date()),
                                set("rowsRead", rowsRead)));
    }

    /** Stops the MongoDB-compatible server under the running gateway (an outage). */
    public void stopMongo() {
        client.close();
        mongo.close();
    }

    public void setField(String id, String field, Object value) {
        tasks().updateOne(eq("_id", id), set(field, value));
    }

    public long taskCount() {
        return tasks().countDocuments();
    }

    /** Every file left under the storage folders of tasks. */
    public long storedFiles() throws IOException {
        long n = 0;
        for (String dir : new String[] {"uploads", "inputs", "results", "rejects"}) {
            try (var files = Files.list(storage.resolve(dir))) {
                n += files.count();
            }
        }
        return n;
    }

    @Override
    public void close() {
        gateway.close();
        stopMongo();
    }
}

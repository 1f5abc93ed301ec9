package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import dev.playcount.gateway.testing.LocalCluster;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.SharedData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services mode as docker-compose runs it: a {@code ROLES=gateway} JVM and a {@code ROLES=launcher}
 * JVM from the built jar, sharing storage, a MongoDB-compatible server, the broker and a standalone
 * Flink cluster. Each lives until SIGTERM, then stops cleanly with exit code 0.
 */
class ServicesModeITCase {

    private static final String API = "/api/v1/file-processing";
    private static final Path JAR = LocalCluster.REPO.resolve("gateway/target/gateway.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path dir;
    static LocalCluster cluster;
    static EmbeddedMongo mongo;
    static TestBroker broker;
    static String queue = "playcount.test." + UUID.randomUUID();
    static Process gateway;
    static Process launcher;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(dir.resolve("cluster"), 1);
        mongo = EmbeddedMongo.start(dir.resolve("mongo"));
        broker = TestBroker.start(dir.resolve("broker"));
        int port = LocalCluster.freePort();
        base = URI.create("http://127.0.0.1:" + port);
        Map<String, String> env = new HashMap<>();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", String.valueOf(port));
        env.put("STORAGE_DIR", dir.resolve("storage").toString());
        env.put("MONGO_URI", mongo.connectionString());
        env.put("AMQP_URI", broker.uri());
        env.put("AMQP_QUEUE", queue);
        env.put("MIN_FREE_DISK", "16MB");
        env.put("FLINK_REST_URL", cluster.restUrl().toString());
        env.put("PIPELINE_JAR", LocalCluster.pipelineJar().toString());
        env.put("PROGRESS_INTERVAL", "500ms");
        gateway = role("gateway", env);
        launcher = role("launcher", env);
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> get("/health").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (Process p : new Process[] {launcher, gateway}) {
                if (p != null && p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            if (broker != null) {
                broker.deleteQueue(queue);
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

    /** Starts the jar with ROLES={@code roles} and the environment compose gives it. */
    private static Process role(String roles, Map<String, String> env) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(javaBin(), "-Xmx256m", "-jar", JAR.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log(roles).toFile());
        builder.environment().putAll(env);
        builder.environment().put("ROLES", roles);
        return builder.start();
    }

    private static Path log(String roles) {
        return dir.resolve(roles + ".log");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void aLauncherAloneLivesRunsATaskAndStopsCleanlyOnSigterm() throws Exception {
        Path seed = SharedData.seedSample();
        HttpResponse<String> created =
                HTTP.send(
                        HttpRequest.newBuilder(base.resolve(API + "/tasks"))
                                .header("Content-Type", "text/csv")
                                .POST(HttpRequest.BodyPublishers.ofFile(seed))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = JSON.readTree(created.body()).get("task").get("id").asText();

        JsonNode task =
                await().alias("task " + id + " ends")
                        .atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofMillis(200))
                        .until(
                                () -> status(id),
                                t ->
                                        List.of("COMPLETED", "FAILED")
                                                .contains(t.get("status").asText()));

        assertThat(task.get("status").asText())
                .as("%s; launcher log: %s", task, Files.readString(log("launcher")))
                .isEqualTo("COMPLETED");
        HttpResponse<Path> download =
                HTTP.send(
                        HttpRequest.newBuilder(base.resolve(API + "/tasks/" + id + "/download"))
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(dir.resolve("result.csv")));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(Oracle.readResult(download.body())).isEqualTo(Oracle.aggregate(seed).totals());
        assertThat(launcher.isAlive()).as("the launcher process still runs").isTrue();

        for (Process role : List.of(launcher, gateway)) {
            role.destroy(); // SIGTERM, as docker stop and compose send it
            assertThat(role.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            assertThat(role.exitValue()).isZero();
        }
        assertThat(Files.readString(log("launcher")))
                .contains("SIGTERM received", "launcher stopping", "launcher stopped")
                .contains("stopped [launcher] cleanly");
        assertThat(Files.readString(log("gateway"))).contains("stopped [gateway] cleanly");
    }

    private static JsonNode status(String id) throws Exception {
        return JSON.readTree(get(API + "/tasks/" + id + "/status").body()).get("task");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

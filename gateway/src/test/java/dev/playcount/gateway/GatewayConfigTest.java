package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    // a launcher of a remote cluster checks at start that the jar it ships is there
    @org.junit.jupiter.api.io.TempDir static Path jars;
    private static Path jobJar;

    @org.junit.jupiter.api.BeforeAll
    static void writeJobJar() throws java.io.IOException {
        jobJar = java.nio.file.Files.write(jars.resolve("pipeline-job.jar"), new byte[] {1});
    }

    @Test
    void defaultsMatchTheReadme() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of());

        assertThat(config.http().port()).isEqualTo(5002);
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.storage().dir()).isEqualTo(Path.of("./data"));
        assertThat(config.mongo().embedded()).isTrue();
        assertThat(config.amqp().embedded()).isTrue();
        assertThat(config.http().apiKeys()).isEmpty();
        assertThat(config.storage().minFreeDisk()).isEqualTo(1L << 30);
        assertThat(config.retention().resultTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.amqp().queue()).isEqualTo("playcount.jobs");
        assertThat(config.runs(GatewayConfig.GATEWAY)).isTrue();
        assertThat(config.runs(GatewayConfig.LAUNCHER)).isTrue();
        assertThat(config.flink().embedded()).isTrue();
        assertThat(config.flink().dashboardPort()).isEqualTo(0);
    }

    @Test
    void readsSizesDurationsAndKeys() {
        GatewayConfig config =
                GatewayConfig.fromEnv(
                        Map.of(
                                "PORT", "8080",
                                "MIN_FREE_DISK", "512MB",
                                "RESULT_TTL", "7d",
                                "CLEANUP_INTERVAL", "PT30S",
                                "API_KEYS", " a , b,,",
                                "MONGO_URI", "mongodb://db:27017"));

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.storage().minFreeDisk()).isEqualTo(512L << 20);
        assertThat(config.retention().resultTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.retention().cleanupInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.http().apiKeys()).isEqualTo(List.of("a", "b"));
        assertThat(config.mongo().embedded()).isFalse();
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("PORT", "http")))
                .hasMessageContaining("PORT=http")
                .hasMessageContaining("port number");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("RESULT_TTL", "soon")))
                .hasMessageContaining("RESULT_TTL=soon")
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MIN_FREE_DISK", "lots")))
                .hasMessageContaining("MIN_FREE_DISK=lots");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FLINK_REST_URL", "jobmanager:8081")))
                .hasMessageContaining("FLINK_REST_URL=jobmanager:8081")
                .hasMessageContaining("http:// or https:// URL");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MAX_CONCURRENT_JOBS", "0")))
                .hasMessageContaining("MAX_CONCURRENT_JOBS=0");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("ROLES", "gateway,worker")))
                .hasMessageContaining("ROLES=gateway,worker")
                .hasMessageContaining("gateway, launcher");
    }

    @Test
    void eachSubsystemGetsItsOwnSettings() {
        GatewayConfig config =
                GatewayConfig.fromEnv(
                        Map.of(
                                "ROLES", "launcher",
                                "MONGO_DATABASE", "plays",
                                "MONGO_TIMEOUT", "1s",
                                "AMQP_QUEUE", "jobs",
                                "RELAY_INTERVAL", "300ms",
                                "ORPHAN_GRACE", "2h",
                                "FLINK_REST_URL", "http://jobmanager:8081",
                                "FLINK_PARALLELISM", "4",
                                "PROGRESS_INTERVAL", "500ms",
                                "PIPELINE_JAR", jobJar.toString()));

        assertThat(config.runs(GatewayConfig.GATEWAY)).isFalse();
        assertThat(config.runs(GatewayConfig.LAUNCHER)).isTrue();
        assertThat(config.mongo())
                .isEqualTo(new MongoConfig("", "plays", Duration.ofSeconds(1), 0));
        assertThat(config.amqp()).isEqualTo(new AmqpConfig("", "jobs", 0, Duration.ofMillis(300)));
        assertThat(config.retention())
                .isEqualTo(
                        new RetentionConfig(
                                Duration.ofHours(24), Duration.ofMinutes(10), Duration.ofHours(2)));
        assertThat(config.flink())
                .isEqualTo(
                        new FlinkConfig(
                                "http://jobmanager:8081",
                                0,
                                "",
                                4,
                                2,
                                Duration.ofMillis(500),
                                jobJar.toString(),
                                Duration.ofMinutes(5),
                                null,
                                null,
                                ""));
        assertThat(config.flink().embedded()).isFalse();
        assertThat(config.flink().embeddedParallelism()).isEqualTo(4);
    }

    @Test
    void envExampleListsEverySettingRead() throws Exception {
        dev.playcount.gateway.testing.RecordingEnv env =
                new dev.playcount.gateway.testing.RecordingEnv();
        GatewayConfig.fromEnv(env);
        java.util.Set<String> read = env.asked();
        java.util.Set<String> listed = new java.util.TreeSet<>();
        for (String line :
                java.nio.file.Files.readAllLines(java.nio.file.Path.of("../.env.example"))) {
            if (line.matches("[A-Z_]+=.*")) {
                listed.add(line.substring(0, line.indexOf('=')));
            }
        }
        // every setting the process reads is listed; docker-compose.yml may list more of its own
        assertThat(listed).containsAll(read);
    }
}

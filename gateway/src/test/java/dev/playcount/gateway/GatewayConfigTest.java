package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void defaultsMatchTheReadme() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of());

        assertThat(config.port()).isEqualTo(5002);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.storageDir()).isEqualTo(Path.of("./data"));
        assertThat(config.embeddedMongo()).isTrue();
        assertThat(config.embeddedAmqp()).isTrue();
        assertThat(config.apiKeys()).isEmpty();
        assertThat(config.minFreeDisk()).isEqualTo(1L << 30);
        assertThat(config.resultTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.amqpQueue()).isEqualTo("playcount.jobs");
        assertThat(config.runs(GatewayConfig.GATEWAY)).isTrue();
        assertThat(config.runs(GatewayConfig.LAUNCHER)).isTrue();
        assertThat(config.embeddedFlink()).isTrue();
        assertThat(config.flinkDashboardPort()).isEqualTo(8081);
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

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.minFreeDisk()).isEqualTo(512L << 20);
        assertThat(config.resultTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.apiKeys()).isEqualTo(List.of("a", "b"));
        assertThat(config.embeddedMongo()).isFalse();
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
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("ROLES", "gateway,worker")))
                .hasMessageContaining("ROLES=gateway,worker")
                .hasMessageContaining("gateway, launcher");
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

package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.gateway.http.HttpLimits;
import dev.playcount.gateway.task.Quotas;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsConfigTest {

    @Test
    void defaultsMatchTheReadme() {
        LimitsConfig limits = GatewayConfig.fromEnv(Map.of()).limits();

        assertThat(limits.http())
                .isEqualTo(new HttpLimits(32, 8, 32, 8, 1024, Duration.ofSeconds(30), 120, 30));
        assertThat(limits.quotas()).isEqualTo(new Quotas(0, 20, 0));
    }

    @Test
    void readsEveryLimit() {
        LimitsConfig limits =
                GatewayConfig.fromEnv(
                                Map.ofEntries(
                                        Map.entry("MAX_UPLOADS", "4"),
                                        Map.entry("MAX_UPLOADS_PER_KEY", "1"),
                                        Map.entry("MAX_DOWNLOADS", "5"),
                                        Map.entry("MAX_DOWNLOADS_PER_KEY", "2"),
                                        Map.entry("MIN_DATA_RATE", "16KiB"),
                                        Map.entry("IDLE_TIMEOUT", "10s"),
                                        Map.entry("TASKS_PER_MINUTE", "0"),
                                        Map.entry("TASKS_PER_MINUTE_PER_KEY", "6"),
                                        Map.entry("MAX_UPLOAD_SIZE", "10GiB"),
                                        Map.entry("MAX_RUNNING_TASKS_PER_KEY", "3"),
                                        Map.entry("MAX_STORED_BYTES_PER_KEY", "100GiB")))
                        .limits();

        assertThat(limits.http())
                .isEqualTo(new HttpLimits(4, 1, 5, 2, 16 << 10, Duration.ofSeconds(10), 0, 6));
        assertThat(limits.quotas()).isEqualTo(new Quotas(10L << 30, 3, 100L << 30));
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MAX_UPLOADS", "0")))
                .hasMessageContaining("MAX_UPLOADS=0")
                .hasMessageContaining("above 0");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MAX_DOWNLOADS_PER_KEY", "many")))
                .hasMessageContaining("MAX_DOWNLOADS_PER_KEY=many");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("TASKS_PER_MINUTE", "-1")))
                .hasMessageContaining("TASKS_PER_MINUTE=-1")
                .hasMessageContaining("from 0");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MAX_UPLOAD_SIZE", "big")))
                .hasMessageContaining("MAX_UPLOAD_SIZE=big");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("IDLE_TIMEOUT", "0s")))
                .hasMessageContaining("IDLE_TIMEOUT")
                .hasMessageContaining("above 0");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MIN_DATA_RATE", "fast")))
                .hasMessageContaining("MIN_DATA_RATE=fast");
    }

    @Test
    void readmeSettingsTableListsEverySettingRead() throws Exception {
        dev.playcount.gateway.testing.RecordingEnv env =
                new dev.playcount.gateway.testing.RecordingEnv();
        GatewayConfig.fromEnv(env);
        java.util.Set<String> listed = new java.util.TreeSet<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("`([A-Z][A-Z0-9_]+)`")
                        .matcher(
                                java.nio.file.Files.readString(
                                        java.nio.file.Path.of("../README.md")));
        while (m.find()) {
            listed.add(m.group(1));
        }

        assertThat(listed).containsAll(env.asked());
    }
}

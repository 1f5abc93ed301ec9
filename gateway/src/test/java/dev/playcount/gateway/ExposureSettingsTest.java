package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of where the API listens, whom it answers, and how the launcher reaches Flink. */
class ExposureSettingsTest {

    @TempDir Path dir;

    @Test
    void anOpenApiListensOnLoopbackUnlessHostSaysOtherwise() {
        assertThat(GatewayConfig.fromEnv(Map.of()).http().host()).isEqualTo("127.0.0.1");
        assertThat(GatewayConfig.fromEnv(Map.of("API_KEYS", "k")).http().host())
                .isEqualTo("0.0.0.0");
        assertThat(GatewayConfig.fromEnv(Map.of("HOST", "0.0.0.0")).http().host())
                .isEqualTo("0.0.0.0");
        assertThat(GatewayConfig.fromEnv(Map.of()).flink().dashboardPort()).isZero();
    }

    @Test
    void hostAndOriginListsAreCheckedAtStart() {
        HttpConfig http =
                GatewayConfig.fromEnv(
                                Map.of(
                                        "ALLOWED_HOSTS", "Playcount.Example, localhost",
                                        "ALLOWED_ORIGINS", "https://app.example:8443"))
                        .http();
        assertThat(http.allowedHosts()).containsExactly("playcount.example", "localhost");
        assertThat(http.allowedOrigins()).containsExactly("https://app.example:8443");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("ALLOWED_HOSTS", "a.example:80")))
                .hasMessageContaining("ALLOWED_HOSTS")
                .hasMessageContaining("without port");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromEnv(
                                        Map.of("ALLOWED_ORIGINS", "https://app.example/path")))
                .hasMessageContaining("ALLOWED_ORIGINS")
                .hasMessageContaining("no path");
    }

    @Test
    void aCredentialBecomesTheAuthorizationHeader() {
        FlinkConfig bearer =
                GatewayConfig.fromEnv(
                                Map.of(
                                        "FLINK_REST_URL", "https://proxy.example/flink/",
                                        "FLINK_REST_TOKEN", "t0ken"))
                        .flink();
        FlinkConfig basic =
                GatewayConfig.fromEnv(
                                Map.of(
                                        "FLINK_REST_URL", "https://proxy.example/flink/",
                                        "FLINK_REST_BASIC_AUTH", "launcher:pa:ss"))
                        .flink();

        assertThat(bearer.authorization()).isEqualTo("Bearer t0ken");
        assertThat(basic.authorization())
                .isEqualTo(
                        "Basic " + Base64.getEncoder().encodeToString("launcher:pa:ss".getBytes()));
        assertThat(bearer.toString()).doesNotContain("t0ken").contains("credential=set");
        assertThat(basic.toString()).doesNotContain("pa:ss");
    }

    @Test
    void aCredentialIsRefusedWhereItWouldTravelInClearOrTwice() {
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromEnv(
                                        Map.of(
                                                "FLINK_REST_URL", "http://jobmanager:8081",
                                                "FLINK_REST_TOKEN", "secret-token")))
                .hasMessageContaining("FLINK_REST_TOKEN")
                .hasMessageContaining("https://")
                .hasMessageNotContaining("secret-token");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromEnv(
                                        Map.of(
                                                "FLINK_REST_URL", "https://proxy.example",
                                                "FLINK_REST_TOKEN", "a",
                                                "FLINK_REST_BASIC_AUTH", "u:p")))
                .hasMessageContaining("not both");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromEnv(
                                        Map.of(
                                                "FLINK_REST_URL", "https://proxy.example",
                                                "FLINK_REST_BASIC_AUTH", "no-colon-secret")))
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("no-colon-secret");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromEnv(
                                        Map.of(
                                                "FLINK_REST_URL", "https://proxy.example",
                                                "FLINK_REST_TOKEN", "two words")))
                .hasMessageContaining("without spaces");
    }

    @Test
    void aTruststoreMustOpenAtStart() throws Exception {
        Path notAStore = Files.writeString(dir.resolve("trust.p12"), "not a keystore");
        for (Map<String, String> env :
                List.of(
                        Map.of(
                                "FLINK_REST_URL",
                                "https://proxy.example",
                                "FLINK_TRUSTSTORE",
                                dir.resolve("missing.p12").toString()),
                        Map.of(
                                "FLINK_REST_URL",
                                "https://proxy.example",
                                "FLINK_TRUSTSTORE",
                                notAStore.toString()),
                        Map.of(
                                "FLINK_REST_URL",
                                "http://jobmanager:8081",
                                "FLINK_TRUSTSTORE",
                                notAStore.toString()))) {
            assertThatThrownBy(() -> GatewayConfig.fromEnv(env))
                    .as(env.toString())
                    .hasMessageContaining("FLINK_TRUSTSTORE");
        }
    }
}

package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every setting's bad values stop the start with one message that names the variable and what it
 * accepts; none passes the start to break later (a bare stack trace, a wrapped size, a wait
 * forever), and no message repeats a URI's password.
 */
class SettingsValidationTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    ROLES                  | worker                         | gateway, launcher
                    PORT                   | 65536                          | from 0 to 65535
                    PORT                   | -1                             | from 0 to 65535
                    EMBEDDED_MONGO_PORT    | x                              | from 0 to 65535
                    EMBEDDED_AMQP_PORT     | 70000                          | from 0 to 65535
                    FLINK_DASHBOARD_PORT   | 99999                          | from 0 to 65535
                    STORAGE_DIR            | a\\u0000b                      | a folder path
                    MIN_FREE_DISK          | 9999999999999TiB               | from 0 to 8EiB
                    MIN_FREE_DISK          | 99999999999999999999           | from 0 to 8EiB
                    MIN_FREE_DISK          | -1GiB                          | from 0 to 8EiB
                    MIN_FREE_DISK          | lots                           | from 0 to 8EiB
                    MONGO_URI              | http://db:27017                | mongodb://
                    MONGO_DATABASE         | a/b                            | letters, digits
                    MONGO_TIMEOUT          | 0s                             | from 100ms to 10m
                    MONGO_TIMEOUT          | 1h                             | from 100ms to 10m
                    AMQP_URI               | http://rabbit:5672             | amqp://
                    AMQP_QUEUE             | amq.jobs                       | 255 bytes
                    RELAY_INTERVAL         | 0s                             | from 1ms to 3650d
                    LEASE_DURATION         | 2s                             | from 3s to 3650d
                    SWEEP_INTERVAL         | 0s                             | from 1ms to 3650d
                    JOB_CHECK_INTERVAL     | PT-1S                          | from 1ms to 3650d
                    REQUEST_GRACE          | 0m                             | from 1ms to 3650d
                    RESULT_TTL             | PT-1H                          | from 1ms to 3650d
                    RESULT_TTL             | 0s                             | from 1ms to 3650d
                    RESULT_TTL             | 9999999999999999d              | from 1ms to 3650d
                    RESULT_TTL             | 99999999999999999999d          | from 1ms to 3650d
                    RESULT_TTL             | soon                           | from 1ms to 3650d
                    CLEANUP_INTERVAL       | 0s                             | from 1ms to 3650d
                    ORPHAN_GRACE           | PT-1H                          | from 1ms to 3650d
                    TASK_RECORD_TTL        | 0d                             | from 1ms to 3650d
                    FLINK_REST_URL         | jobmanager:8081                | http:// or https:// URL
                    FLINK_REST_URL         | ftp://jobmanager:8081          | http:// or https:// URL
                    FLINK_REST_URL         | http://job manager:8081        | http:// or https:// URL
                    FLINK_DASHBOARD_URL    | localhost:8081                 | http:// or https:// URL
                    FLINK_PARALLELISM      | 0                              | from 1 to 32768
                    MAX_CONCURRENT_JOBS    | 65536                          | from 1 to 65535
                    MAX_CONCURRENT_JOBS    | 0                              | from 1 to 65535
                    PROGRESS_INTERVAL      | 0s                             | from 1ms to 3650d
                    FLINK_OUTAGE_TOLERANCE | 0s                             | from 1ms to 3650d
                    """)
    void aBadValueNamesTheVariableAndTheAllowedRange(String name, String value, String expected) {
        String given = value.replace("\\u0000", "\u0000");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(name, given)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setting " + name + "=")
                .hasMessageContaining(expected)
                .hasNoCause();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    AMQP_URI  | amqp://guest:s3cret@rabbit:5672:x
                    AMQP_URI  | amqps://guest:s3cret@rabbit:nan/%zz
                    MONGO_URI | mongodb://guest:s3cret@db:27017/?unknownOption=%zz
                    MONGO_URI | mongodb://guest:s3cret@
                    FLINK_REST_URL | http://guest:s3cret@job manager
                    """)
    void aBadUriNeverRepeatsItsPassword(String name, String value) {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(name, value)))
                .hasMessageStartingWith("setting " + name + "=")
                .hasMessageContaining("guest:***@")
                .hasMessageNotContaining("s3cret");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://jobmanager, http://jobmanager:8081",
        "https://flink.example.com/proxy/, https://flink.example.com:443/proxy/",
        "http://10.0.0.5:9000, http://10.0.0.5:9000"
    })
    void aFlinkRestUrlWithoutAPortGetsTheDefault(String given, String used) {
        assertThat(GatewayConfig.fromEnv(Map.of("FLINK_REST_URL", given)).flink().restUrl())
                .isEqualTo(used);
    }

    @org.junit.jupiter.api.Test
    void aMissingJobJarStopsALauncherOfARemoteClusterOnly() {
        Map<String, String> remote =
                Map.of("FLINK_REST_URL", "http://jm:8081", "PIPELINE_JAR", "/no/such.jar");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(remote))
                .hasMessageStartingWith("setting PIPELINE_JAR=/no/such.jar")
                .hasMessageContaining("readable jar file");
        // the gateway alone ships no jar, and the embedded cluster needs none
        assertThat(
                        GatewayConfig.fromEnv(
                                        Map.of(
                                                "ROLES", "gateway",
                                                "FLINK_REST_URL", "http://jm:8081",
                                                "PIPELINE_JAR", "/no/such.jar"))
                                .flink()
                                .jobJar())
                .isEqualTo("/no/such.jar");
        assertThat(GatewayConfig.fromEnv(Map.of("PIPELINE_JAR", "/no/such.jar")).flink().embedded())
                .isTrue();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "MIN_FREE_DISK, 8388607TiB",
        "MONGO_TIMEOUT, 100ms",
        "MAX_CONCURRENT_JOBS, 65535",
        "RESULT_TTL, 3650d",
        "LEASE_DURATION, 3s"
    })
    void theLimitsThemselvesAreAccepted(String name, String value) {
        assertThat(GatewayConfig.fromEnv(Map.of(name, value))).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void taskRecordsStayThirtyDaysAfterTheyExpireByDefault() {
        assertThat(GatewayConfig.fromEnv(Map.of()).retention().taskRecordTtl())
                .isEqualTo(Duration.ofDays(30));
        assertThat(
                        GatewayConfig.fromEnv(Map.of("TASK_RECORD_TTL", "90d"))
                                .retention()
                                .taskRecordTtl())
                .isEqualTo(Duration.ofDays(90));
    }
}

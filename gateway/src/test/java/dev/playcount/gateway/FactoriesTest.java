package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.BrokerFactory.Broker;
import dev.playcount.gateway.FlinkTargetFactory.FlinkTarget;
import dev.playcount.gateway.launcher.FlinkEndpoint;
import dev.playcount.gateway.launcher.Parallelism;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factories pick the remote service a setting names and start nothing for it. */
class FactoriesTest {

    // a launcher of a remote cluster checks at start that the jar it ships is there
    @org.junit.jupiter.api.io.TempDir static Path jars;
    private static Path jobJar;

    @org.junit.jupiter.api.BeforeAll
    static void writeJobJar() throws java.io.IOException {
        jobJar = java.nio.file.Files.write(jars.resolve("pipeline-job.jar"), new byte[] {1});
    }

    private final Resources resources = new Resources();

    @Test
    void aRemoteClusterShipsTheJarAndAsksForItsSlots() throws Exception {
        GatewayConfig config =
                GatewayConfig.fromEnv(
                        Map.of(
                                "FLINK_REST_URL", "http://jobmanager:8081",
                                "FLINK_PARALLELISM", "8",
                                "PIPELINE_JAR", jobJar.toString()));

        FlinkTarget target = FlinkTargetFactory.start(config.flink(), resources);

        assertThat(target)
                .isEqualTo(
                        new FlinkTarget(
                                FlinkEndpoint.plain(URI.create("http://jobmanager:8081")),
                                "http://jobmanager:8081",
                                jobJar,
                                Parallelism.clusterSlots(8),
                                false));
    }

    @Test
    void theDashboardUrlSettingWinsAndNoJarMeansNone() throws Exception {
        GatewayConfig config =
                GatewayConfig.fromEnv(
                        Map.of(
                                "FLINK_REST_URL", "http://jobmanager:8081",
                                "FLINK_DASHBOARD_URL", "https://flink.example.com"));

        FlinkTarget target = FlinkTargetFactory.start(config.flink(), resources);

        assertThat(target.dashboard()).isEqualTo("https://flink.example.com");
        assertThat(target.jobJar()).isNull();
        assertThat(target.parallelism()).isEqualTo(Parallelism.clusterSlots(0));
    }

    @Test
    void aBrokerUriIsUsedAsItIs() {
        GatewayConfig config =
                GatewayConfig.fromEnv(Map.of("AMQP_URI", "amqp://user:pw@rabbitmq:5672"));

        Broker broker = BrokerFactory.start(config.amqp(), Path.of("unused"), resources);

        // a broker that keeps its messages: nothing to publish again
        assertThat(broker).isEqualTo(new Broker("amqp://user:pw@rabbitmq:5672", false));
    }
}

package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.RoleProcess;
import dev.playcount.gateway.testing.ServicesMode;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    @TempDir static Path dir;
    static ServicesMode services;
    static RoleProcess gateway;
    static RoleProcess launcher;

    @BeforeAll
    static void start() throws Exception {
        services = ServicesMode.start(dir, 1, Map.of());
        gateway = services.gateway();
        launcher = services.launcher("launcher");
    }

    @AfterAll
    static void stop() throws Exception {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aLauncherAloneLivesRunsATaskAndStopsCleanlyOnSigterm() throws Exception {
        Path seed = SharedData.seedSample();
        String id = services.api().upload(seed);

        JsonNode task =
                services.api().awaitStatus(id, Duration.ofSeconds(150), "COMPLETED", "FAILED");

        assertThat(task.get("status").asText())
                .as("%s; launcher log: %s", task, launcher.log())
                .isEqualTo("COMPLETED");
        Path result = services.api().download(id, dir.resolve("result.csv"));
        assertThat(Oracle.readResult(result)).isEqualTo(Oracle.aggregate(seed).totals());
        assertThat(launcher.isAlive()).as("the launcher process still runs").isTrue();

        for (RoleProcess role : List.of(launcher, gateway)) {
            // SIGTERM, as docker stop and compose send it
            assertThat(role.stop(Duration.ofSeconds(60))).as(role.name()).isZero();
        }
        assertThat(launcher.log())
                .contains("SIGTERM received", "launcher stopping", "launcher stopped")
                .contains("stopped [launcher] cleanly");
        assertThat(gateway.log()).contains("stopped [gateway] cleanly");
    }
}

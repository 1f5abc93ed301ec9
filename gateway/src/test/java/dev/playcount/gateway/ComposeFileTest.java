package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playcount.gateway.testing.RecordingEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml has the services the design names, wired as the README says, and takes every
 * setting of the gateway process from .env. Values are read as Compose would without a .env file:
 * each {@code ${VAR:-default}} becomes its default.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::-([^${}]*))?}");

    /** The one setting the compose file fixes: which role each service runs is what it is. */
    private static final Set<String> FIXED_BY_SERVICE = Set.of("ROLES");

    private static JsonNode services() throws Exception {
        return resolved(raw().get("services"));
    }

    /** The file as written, with YAML merge keys applied ({@code <<: *settings}). */
    private static JsonNode raw() throws Exception {
        Object yaml = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return new ObjectMapper().valueToTree(yaml);
    }

    private static JsonNode resolved(JsonNode node) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(node);
        // innermost first, so a default that names another variable resolves too
        for (Matcher m = VARIABLE.matcher(text); m.find(); m = VARIABLE.matcher(text)) {
            String value = m.group(2) == null ? "" : m.group(2);
            text = text.substring(0, m.start()) + value + text.substring(m.end());
        }
        return json.readTree(text);
    }

    /** Every variable the gateway process reads, as its configuration asks for them. */
    static Set<String> settingsTheProcessReads() {
        RecordingEnv env = new RecordingEnv();
        GatewayConfig.fromEnv(env);
        return env.asked();
    }

    @Test
    void everySettingReachesTheGatewayAndTheLauncherFromEnv() throws Exception {
        Set<String> settings = settingsTheProcessReads();
        assertThat(settings).contains("ROLES", "STORAGE_DIR", "MONGO_URI", "PIPELINE_JAR");
        for (String service : List.of("gateway", "launcher")) {
            JsonNode env = raw().get("services").get(service).get("environment");
            assertThat(fieldNames(env)).as(service).containsAll(settings);
            for (String name : settings) {
                if (!FIXED_BY_SERVICE.contains(name)) {
                    assertThat(env.get(name).asText())
                            .as(service + " " + name)
                            .startsWith("${" + name + ":-");
                }
            }
        }
    }

    @Test
    void envExampleListsEverySetting() throws Exception {
        assertThat(envExampleKeys()).containsAll(settingsTheProcessReads());
    }

    @Test
    void theStackHasWhatItNeedsWhenEnvLeavesSettingsEmpty() throws Exception {
        JsonNode launcher = services().get("launcher").get("environment");
        assertThat(launcher.get("STORAGE_DIR").asText()).isEqualTo("/data");
        assertThat(launcher.get("MONGO_URI").asText()).isEqualTo("mongodb://mongodb:27017");
        assertThat(launcher.get("AMQP_URI").asText())
                .isEqualTo("amqp://playcount:playcount@rabbitmq:5672");
        assertThat(launcher.get("PIPELINE_JAR").asText())
                .isEqualTo("/app/pipeline-job-cluster.jar");
        assertThat(texts(services().get("gateway").get("ports"))).containsExactly("5002:5002");
    }

    @Test
    void hasEveryServiceOfTheDesign() throws Exception {
        assertThat(fieldNames(services()))
                .contains(
                        "mongodb", "rabbitmq", "jobmanager", "taskmanager", "gateway", "launcher");
        assertThat(services().get("rabbitmq").get("image").asText()).contains("management");
    }

    @Test
    void flinkServicesMountTheRepositoryConfig() throws Exception {
        for (String service : List.of("jobmanager", "taskmanager")) {
            assertThat(texts(services().get(service).get("volumes")))
                    .as(service)
                    .anyMatch(v -> v.startsWith("./flink-conf:"));
        }
    }

    @Test
    void oneStorageVolumeAtOnePathForJobsAndApps() throws Exception {
        for (String service : List.of("jobmanager", "taskmanager", "gateway", "launcher")) {
            assertThat(texts(services().get(service).get("volumes")))
                    .as(service)
                    .contains("storage:/data");
        }
    }

    @Test
    void taskManagersScaleAndTheDashboardStaysOnLoopback() throws Exception {
        JsonNode taskmanager = services().get("taskmanager");
        assertThat(taskmanager.has("container_name")).isFalse();
        assertThat(taskmanager.has("ports")).isFalse();
        assertThat(texts(services().get("jobmanager").get("ports")))
                .allMatch(p -> p.startsWith("127.0.0.1:"));
    }

    @Test
    void appsAreBuiltFromTheRepositoryWithTheirRoles() throws Exception {
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("AS build");
        for (String service : List.of("gateway", "launcher")) {
            JsonNode s = services().get(service);
            assertThat(s.get("build").asText()).isEqualTo(".");
            assertThat(s.get("environment").get("ROLES").asText()).isEqualTo(service);
        }
        assertThat(services().get("launcher").get("environment").get("FLINK_REST_URL").asText())
                .isEqualTo("http://jobmanager:8081");
        for (String service : List.of("mongodb", "rabbitmq", "jobmanager", "gateway")) {
            assertThat(services().get(service).has("healthcheck")).as(service).isTrue();
        }
    }

    @Test
    void everyVariableItUsesIsInEnvExample() throws Exception {
        Set<String> used = new TreeSet<>();
        Matcher m =
                Pattern.compile("\\$\\{([A-Z0-9_]+)")
                        .matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(envExampleKeys()).containsAll(used);
    }

    private static Set<String> envExampleKeys() throws Exception {
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (line.matches("[A-Z0-9_]+=.*")) {
                listed.add(line.substring(0, line.indexOf('=')));
            }
        }
        return listed;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}

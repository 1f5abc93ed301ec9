package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml has the services the design names, wired as the README says. */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");

    private static JsonNode services() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        return yaml.readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
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
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (line.matches("[A-Z0-9_]+=.*")) {
                listed.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(listed).containsAll(used);
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

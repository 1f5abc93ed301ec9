package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The built {@code playcount.jar} run as users run it: {@code java -jar}, exit code, streams. */
class JarProcessITCase {

    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    static final Path JAR = REPO.resolve("client/target/playcount.jar");

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withLauncher();

    @TempDir Path dir;

    record Ran(int exit, String out, String err) {}

    private Ran java(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder b =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        b.environment().remove("PLAYCOUNT_URL");
        b.environment().remove("PLAYCOUNT_API_KEY");
        b.environment().put("PLAYCOUNT_STATE_DIR", dir.resolve("state").toString());
        b.environment().putAll(env);
        Process p = b.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the client did not end in 120 s: " + Files.readString(err));
        }
        return new Ran(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void submitWaitAndDownloadAsAProcess() throws Exception {
        Path sample = REPO.resolve("samples/seed-tiny-sample.csv");
        String url = app.gateway().uri("").toString();
        Ran r =
                java(
                        Map.of("PLAYCOUNT_URL", url),
                        "submit",
                        sample.toString(),
                        "--wait",
                        "-o",
                        "totals.csv");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("status         COMPLETED")
                .contains("rows           91 read, 4 written, 0 invalid");
        assertThat(r.out().strip())
                .endsWith(
                        "totals.csv ("
                                + Files.size(dir.resolve("totals.csv"))
                                + " bytes, SHA-256 checked)");
        assertThat(r.err()).contains("upload 100.0%");
        assertThat(Oracle.readResult(dir.resolve("totals.csv")))
                .isEqualTo(Oracle.aggregate(sample).totals());

        Ran list = java(Map.of(), "list", "--url", url, "--json");
        assertThat(list.exit()).isZero();
        assertThat(
                        TestGateway.json(app.gateway().get(TestGateway.API + "/tasks"))
                                .get("total")
                                .asLong())
                .isEqualTo(Json.parse(list.out()).get("total").asLong());
    }

    @Test
    void anUnreachableServiceIsExitThreeWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Ran r =
                java(
                        Map.of("PLAYCOUNT_URL", "http://127.0.0.1:" + port),
                        "status",
                        "0b956211-ba00-43c4-98e3-8b82ed12d98d",
                        "--retries",
                        "1");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo(
                        "error: cannot reach http://127.0.0.1:"
                                + port
                                + ": connection refused (2 tries)"
                                + System.lineSeparator());
    }

    @Test
    void aBadOptionIsExitTwo() throws IOException, Exception {
        Ran r = java(Map.of(), "submit", "x.csv", "--invalid-rows", "maybe");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
    }
}

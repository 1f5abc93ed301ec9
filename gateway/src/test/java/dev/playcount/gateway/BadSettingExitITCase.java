package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.testing.RoleProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, started with a bad setting, exits non-zero with one clear line on stderr. */
class BadSettingExitITCase {

    @TempDir Path dir;

    @Test
    void aNegativeResultTtlStopsTheStartWithOneLine() throws Exception {
        Result result = run("RESULT_TTL", "PT-1H");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.stderr())
                .containsExactly(
                        "playcount error: setting RESULT_TTL=PT-1H is not valid: expected a"
                                + " duration from 1ms to 3650d, such as 30s");
    }

    @Test
    void aBadBrokerUriStopsTheStartWithoutItsPassword() throws Exception {
        Result result = run("AMQP_URI", "amqp://guest:s3cret@rabbit:notaport");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.stderr()).hasSize(1);
        assertThat(result.stderr().get(0))
                .startsWith("playcount error: setting AMQP_URI=amqp://guest:***@rabbit:notaport")
                .doesNotContain("s3cret");
    }

    private record Result(int exit, List<String> stderr) {}

    private Result run(String name, String value) throws Exception {
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                RoleProcess.JAR.toString())
                        .directory(dir.toFile())
                        .redirectOutput(dir.resolve("stdout.txt").toFile())
                        .redirectError(err.toFile());
        builder.environment().put("STORAGE_DIR", dir.resolve("data").toString());
        builder.environment().put(name, value);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("the jar exits at once on a bad setting")
                    .isTrue();
            return new Result(process.exitValue(), Files.readAllLines(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }
}

package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument parsing and the exit codes of what is wrong before any call. */
class PlaycountCliTest {

    private static final String ID = "0b956211-ba00-43c4-98e3-8b82ed12d98d";

    @TempDir Path dir;

    private static CliRun run(String... args) {
        return CliRun.run(Map.of("PLAYCOUNT_URL", "http://127.0.0.1:1"), args);
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.lastErr()).startsWith("error: a command is needed: submit, status");
    }

    @Test
    void unknownOptionsAndMissingArgumentsAreUsageErrors() {
        assertThat(run("status").exit()).isEqualTo(2);
        CliRun r = run("list", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.lastErr()).isEqualTo("error: Unknown option: '--bogus' (see --help)");
        assertThat(run("frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun r = run("--help");
        assertThat(r.exit()).isZero();
        for (ExitCode c : ExitCode.values()) {
            if (c != ExitCode.INTERRUPTED) {
                assertThat(r.out())
                        .contains(
                                c.code()
                                        + "   "
                                        + c.meaning()
                                                .substring(0, Math.min(20, c.meaning().length())));
            }
        }
    }

    @Test
    void submitChecksItsOptionsBeforeAnyCall() throws Exception {
        Path f = Files.writeString(dir.resolve("plays.csv"), "Song,Date,Number of Plays\n");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        String file = f.toString();

        assertThat(run("submit", dir.resolve("missing.csv").toString()).lastErr())
                .isEqualTo("error: " + dir.resolve("missing.csv") + ": no such readable file");
        assertThat(run("submit", empty.toString()).exit()).isEqualTo(1);
        CliRun policy = run("submit", file, "--invalid-rows", "ignore");
        assertThat(policy.exit()).isEqualTo(2);
        assertThat(policy.lastErr())
                .isEqualTo("error: --invalid-rows ignore is not valid: expected fail or skip");
        CliRun both = run("submit", file, "--gzip", "--zstd");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.lastErr()).contains("mutually exclusive");
        assertThat(run("submit", file, "--gzip", "--level", "10").lastErr())
                .isEqualTo("error: --level 10 is not valid for gzip: expected 1 to 9");
        assertThat(run("submit", file, "--chunk-size", "1KB").lastErr())
                .isEqualTo("error: --chunk-size must be from 64KiB to 1GiB");
        CliRun size = run("submit", file, "--chunk-size", "lots");
        assertThat(size.exit()).isEqualTo(2);
        assertThat(size.lastErr()).contains("'lots' is not a size");
        assertThat(run("submit", file, "--timeout", "soon").exit()).isEqualTo(2);
    }

    @Test
    void theAddressAndKeyAreChecked() {
        CliRun url = CliRun.run(Map.of("PLAYCOUNT_URL", "ftp://x"), "list");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.lastErr())
                .isEqualTo(
                        "error: PLAYCOUNT_URL=ftp://x is not valid: expected an http or https URL"
                                + " such as http://localhost:5002");
        assertThat(run("list", "--url", "localhost:5002").lastErr())
                .startsWith("error: --url=localhost:5002 is not valid");
        CliRun key = CliRun.run(Map.of("PLAYCOUNT_API_KEY", "two words"), "list");
        assertThat(key.exit()).isEqualTo(2);
        assertThat(key.lastErr()).contains("PLAYCOUNT_API_KEY");
    }

    @Test
    void aTaskIdMustBeAUuid() {
        CliRun r = run("status", "../../etc/passwd");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.lastErr())
                .isEqualTo("error: '../../etc/passwd' is not a task id: expected a UUID");
    }

    @Test
    void anUnreachableServiceIsExitThreeAfterTheRetries() {
        CliRun r = run("status", ID, "--retries", "3");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.lastErr())
                .isEqualTo("error: cannot reach http://127.0.0.1:1: connection refused (4 tries)");
        assertThat(r.sleeps()).hasSize(3);
    }

    @Test
    void serviceConfigResolvesPathsAndLinks() {
        ServiceConfig c = ServiceConfig.from("http://h:1/", Map.of());
        assertThat(c.resolve("/tasks/x/status").toString())
                .isEqualTo("http://h:1/api/v1/file-processing/tasks/x/status");
        assertThat(c.resolve("/api/v1/file-processing/tasks/x/status").toString())
                .isEqualTo("http://h:1/api/v1/file-processing/tasks/x/status");
        assertThat(ServiceConfig.from(null, Map.of()).base().toString())
                .isEqualTo("http://localhost:5002");
        assertThat(
                        ServiceConfig.from(null, Map.of("PLAYCOUNT_URL", "https://p.example"))
                                .base()
                                .toString())
                .isEqualTo("https://p.example");
    }
}

package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.core.io.Sha256;
import dev.playcount.gateway.testing.Compression;
import dev.playcount.gateway.testing.ExactResult;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.SharedData;
import dev.playcount.pipeline.testing.TestCsv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed uploads run as real Flink jobs on the embedded cluster: their results equal the
 * oracle's totals of the plain file, and the receipt checks the stored CSV's SHA-256.
 */
class CompressedUploadJobITCase {

    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withLauncher();

    @TempDir static Path dir;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = app.gateway();
    }

    @Test
    void aGzipFileInAFormGivesThePlainFilesResult() throws Exception {
        Path seed = SharedData.seedSample();
        byte[] gzip = Compression.gzip(Files.readAllBytes(seed));

        JsonNode task = run(gateway.upload("", "file", "seed.csv.gz", gzip), seed);

        assertThat(task.get("input").get("encoding").asText()).isEqualTo("gzip");
        assertThat(task.get("input").get("receivedSha256").asText()).isEqualTo(Sha256.of(gzip));
    }

    @Test
    void aZstdBodyWithQuotingEdgeCasesGivesThePlainFilesResult() throws Exception {
        Path input =
                new TestCsv(11)
                        .withBom()
                        .withBlankLines(0.05)
                        .withoutFinalLineEnding()
                        .withRepeatedHeaders(0.01)
                        .write(dir.resolve("tricky.csv"), 30_000, 2_000, 20);
        byte[] zstd = Compression.zstd(Files.readAllBytes(input));

        JsonNode task =
                run(
                        gateway.uploadRaw(
                                "?filename=tricky.csv.zst", zstd, "Content-Encoding", "zstd"),
                        input);

        assertThat(task.get("input").get("encoding").asText()).isEqualTo("zstd");
        assertThat(task.get("input").get("receivedBytes").asLong()).isEqualTo(zstd.length);
    }

    /** Waits for the task, checks its result against the oracle's totals of {@code plain}. */
    private JsonNode run(HttpResponse<String> created, Path plain) throws Exception {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = json(created).get("task").get("id").asText();
        List<JsonNode> seen = gateway.awaitStatus(id, JOB_TIMEOUT, "COMPLETED", "FAILED");
        JsonNode task = seen.get(seen.size() - 1);
        assertThat(task.get("input").get("sha256").asText()).isEqualTo(Sha256.of(plain));
        assertThat(task.get("input").get("bytes").asLong()).isEqualTo(Files.size(plain));
        HttpResponse<String> response = gateway.get(API + "/tasks/" + id + "/download");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Path result = Files.createTempFile(dir, "result", ".csv");
        Files.writeString(result, response.body(), StandardCharsets.UTF_8);
        ExactResult.assertExact(task, result, Oracle.aggregate(plain));
        return task;
    }
}

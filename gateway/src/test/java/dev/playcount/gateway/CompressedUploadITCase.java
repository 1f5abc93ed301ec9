package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.core.io.Sha256;
import dev.playcount.gateway.testing.Compression;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.Multipart;
import dev.playcount.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gzip and zstd uploads over real HTTP, raw and multipart, by Content-Encoding and by magic bytes:
 * stored as the plain CSV with both hashes in the task; broken streams, unknown codings and bombs
 * refused with nothing left behind.
 */
class CompressedUploadITCase {

    private static final long LIMIT = 32L << 20;

    @RegisterExtension
    static final GatewayExtension app =
            GatewayExtension.withEnv(Map.of("MAX_UPLOAD_SIZE", String.valueOf(LIMIT)));

    static TestGateway gateway;
    static final byte[] CSV = csv(50_000);
    static final byte[] GZIP = Compression.gzip(CSV);
    static final byte[] ZSTD = Compression.zstd(CSV);

    @BeforeAll
    static void start() {
        gateway = app.gateway();
    }

    @Test
    void aRawBodyWithContentEncodingIsStoredDecoded() throws Exception {
        assertStoredDecoded(gateway.uploadRaw("", GZIP, "Content-Encoding", "gzip"), "gzip", GZIP);
        assertStoredDecoded(gateway.uploadRaw("", ZSTD, "Content-Encoding", "zstd"), "zstd", ZSTD);
    }

    @Test
    void aRawBodyIsToldCompressedByItsFirstBytes() throws Exception {
        assertStoredDecoded(gateway.uploadRaw("?filename=plays.csv.gz", GZIP), "gzip", GZIP);
        assertStoredDecoded(
                gateway.uploadRaw("", ZSTD, "Content-Encoding", "identity"), "zstd", ZSTD);
    }

    @Test
    void aCompressedFileInAFormIsStoredDecodedUnderItsOwnName() throws Exception {
        JsonNode task =
                assertStoredDecoded(gateway.upload("", "file", "plays.csv.gz", GZIP), "gzip", GZIP);
        assertThat(task.get("input").get("name").asText()).isEqualTo("plays.csv.gz");
        task = assertStoredDecoded(gateway.upload("", "file", "plays.csv.zst", ZSTD), "zstd", ZSTD);
        assertThat(task.get("input").get("name").asText()).isEqualTo("plays.csv.zst");
    }

    @Test
    void aWholeFormWithContentEncodingIsDecodedBeforeItsPartsAreRead() throws Exception {
        Multipart form = Multipart.withFile("file", "plays.csv", CSV);
        HttpResponse<String> r =
                gateway.send(
                        HttpRequest.newBuilder(gateway.uri(API + "/tasks"))
                                .header("Content-Type", form.contentType())
                                .header("Content-Encoding", "zstd")
                                .POST(
                                        HttpRequest.BodyPublishers.ofByteArray(
                                                Compression.zstd(form.bytes()))));
        // the file part itself was plain: what reached the store, the part, is the CSV
        assertStoredDecoded(r, "identity", CSV);
    }

    @Test
    void aPlainUploadShowsItWasReceivedAsStored() throws Exception {
        assertStoredDecoded(gateway.uploadRaw("", CSV), "identity", CSV);
    }

    @Test
    void anUnknownContentEncodingIs415() throws Exception {
        long[] before = kept();
        assertError(
                gateway.uploadRaw("", GZIP, "Content-Encoding", "br"),
                415,
                "unsupported_encoding",
                "Content-Encoding 'br' is not accepted: send one of gzip, zstd or identity");
        assertError(
                gateway.uploadRaw("", GZIP, "Content-Encoding", "gzip, zstd"),
                415,
                "unsupported_encoding",
                "codings applied in turn");
        assertNothingKept(before);
    }

    @Test
    void aTruncatedStreamIs400AndKeepsNothing() throws Exception {
        long[] before = kept();
        byte[] cut = Arrays.copyOf(GZIP, GZIP.length / 2);
        assertError(
                gateway.uploadRaw("", cut, "Content-Encoding", "gzip"),
                400,
                "invalid_encoding",
                "the gzip stream is truncated after " + cut.length + " bytes received");
        byte[] zcut = Arrays.copyOf(ZSTD, ZSTD.length - 1);
        assertError(
                gateway.upload("", "file", "plays.csv.zst", zcut),
                400,
                "invalid_encoding",
                "the zstd stream is truncated after " + zcut.length + " bytes received");
        assertNothingKept(before);
    }

    @Test
    void aCorruptStreamIs400AndKeepsNothing() throws Exception {
        long[] before = kept();
        byte[] bad = GZIP.clone();
        for (int i = bad.length / 2; i < bad.length / 2 + 64; i++) {
            bad[i] ^= 0x5a;
        }
        assertError(
                gateway.uploadRaw("", bad), 400, "invalid_encoding", "the gzip stream is corrupt");
        byte[] zbad = ZSTD.clone();
        zbad[zbad.length - 2] ^= 0x5a; // its checksum
        assertError(
                gateway.uploadRaw("", zbad, "Content-Encoding", "zstd"),
                400,
                "invalid_encoding",
                "the zstd stream is corrupt");
        assertError(
                gateway.uploadRaw("", CSV, "Content-Encoding", "gzip"),
                400,
                "invalid_encoding",
                "Content-Encoding says gzip, but the body does not start as gzip does");
        assertNothingKept(before);
    }

    @Test
    void theHeaderIsCheckedOnTheDecodedBytes() throws Exception {
        long[] before = kept();
        byte[] semicolons = "Song;Date;Number of Plays\n".getBytes(StandardCharsets.UTF_8);
        assertError(
                gateway.uploadRaw("", Compression.gzip(semicolons)),
                400,
                "invalid_header",
                "';'-separated");
        assertNothingKept(before);
    }

    @Test
    void aDecompressionBombStopsAtTheUploadLimitQuickly() throws Exception {
        long[] before = kept();
        // 60 MB of rows per member or frame: gzip (level 6) packs each into ~120 KB, zstd into
        // a few KB; MAX_UPLOAD_SIZE counts decoded bytes, so the
        // upload stops once 32 MiB are stored, however much more the body would decode to
        byte[] rows = "x,2020-01-01,1\n".repeat(4 << 20).getBytes(StandardCharsets.US_ASCII);
        byte[] header = "Song,Date,Number of Plays\n".getBytes(StandardCharsets.UTF_8);
        byte[] gzipBomb =
                concat(
                        Compression.gzip(concat(header, rows)),
                        Compression.repeated(Compression.gzip(rows), 16));
        byte[] zstdBomb =
                concat(
                        Compression.zstd(concat(header, rows)),
                        Compression.repeated(Compression.zstd(rows), 170));
        assertThat(gzipBomb.length).as("gzip: 1 GB from").isLessThan(2_500_000);
        assertThat(zstdBomb.length).as("zstd: 10 GB from").isLessThan(1_000_000);
        for (byte[] bomb : new byte[][] {gzipBomb, zstdBomb}) {
            long start = System.nanoTime();
            assertError(
                    gateway.uploadRaw("", bomb),
                    413,
                    "upload_too_large",
                    "larger than "
                            + LIMIT
                            + " bytes, the most MAX_UPLOAD_SIZE allows (counted after decoding)");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(20));
        }
        assertNothingKept(before);
    }

    @Test
    void aRetryOfTheSameFileCompressedIsTheSameRequest() throws Exception {
        String key = "compressed-retry-" + System.nanoTime();
        HttpResponse<String> first = gateway.uploadRaw("", CSV, "Idempotency-Key", key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        // the same CSV once decoded: idempotency compares the stored file's SHA-256
        HttpResponse<String> retry =
                gateway.uploadRaw("", ZSTD, "Idempotency-Key", key, "Content-Encoding", "zstd");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(json(retry).get("task").get("id").asText())
                .isEqualTo(json(first).get("task").get("id").asText());
    }

    private static JsonNode assertStoredDecoded(
            HttpResponse<String> r, String encoding, byte[] received) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode task = json(r).get("task");
        JsonNode input = task.get("input");
        assertThat(input.get("encoding").asText()).isEqualTo(encoding);
        assertThat(input.get("bytes").asLong()).isEqualTo(CSV.length);
        assertThat(input.get("sha256").asText()).isEqualTo(Sha256.of(CSV));
        assertThat(input.get("receivedBytes").asLong()).isEqualTo(received.length);
        assertThat(input.get("receivedSha256").asText()).isEqualTo(Sha256.of(received));
        String id = task.get("id").asText();
        assertThat(Files.readAllBytes(gateway.files().input(id))).isEqualTo(CSV);
        // as recorded in MongoDB, read back
        JsonNode again = json(gateway.get(API + "/tasks/" + id + "/status")).get("task");
        assertThat(again.get("input")).isEqualTo(input);
        return task;
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String message)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(message);
    }

    /** The tasks and the files the gateway keeps now. */
    private static long[] kept() throws Exception {
        return new long[] {gateway.taskCount(), gateway.storedFiles()};
    }

    /** No task and no file more than {@code before}, once the refusals were answered. */
    private static void assertNothingKept(long[] before) throws Exception {
        assertThat(kept()).as("tasks, files").containsExactly(before);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static byte[] csv(int rows) {
        StringBuilder s = new StringBuilder("Song,Date,Number of Plays\r\n");
        for (int i = 0; i < rows; i++) {
            s.append("\"Song ").append(i % 977).append(", live\",2020-01-0").append(i % 9 + 1);
            s.append(',').append(i).append(i % 3 == 0 ? "\n" : "\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}

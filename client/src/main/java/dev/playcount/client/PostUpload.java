package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;

/**
 * The upload for a service without tus: one raw POST to {@code /tasks}. It cannot resume; a broken
 * one is sent again from the start with the same {@code Idempotency-Key}, so a POST whose answer
 * was lost makes no second task.
 */
final class PostUpload {

    private final Api api;
    private final int retries;
    private final PrintStream err;
    private final boolean terminal;

    PostUpload(Api api, int retries, PrintStream err, boolean terminal) {
        this.api = api;
        this.retries = retries;
        this.err = err;
        this.terminal = terminal;
    }

    ResumableUpload.Uploaded run(UploadRequest req) throws IOException {
        err.println("upload: the service offers no resumable uploads; sending one POST");
        String idem = req.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
        String path =
                "/tasks?filename="
                        + URLEncoder.encode(req.fileName(), StandardCharsets.UTF_8)
                        + "&invalidRows="
                        + req.invalidRows();
        for (int attempt = 1; ; attempt++) {
            Progress progress = Progress.onStderr(err, terminal, "upload", Files.size(req.file()));
            try (UploadSource src =
                    UploadSource.open(req.file(), req.compression(), req.level(), 0)) {
                progress.start(0);
                InputStream body = new ProgressStream(src, progress, req.compression());
                HttpRequest.BodyPublisher publisher =
                        src.length() >= 0
                                ? HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(() -> body),
                                        src.length())
                                : HttpRequest.BodyPublishers.ofInputStream(() -> body);
                HttpResponse<String> r;
                try {
                    r =
                            api.once(
                                    api.request(path)
                                            .timeout(java.time.Duration.ofHours(24))
                                            .header("Content-Type", "text/csv")
                                            .header("Idempotency-Key", idem)
                                            .POST(publisher)
                                            .build(),
                                    LimitedText.handler());
                } catch (Api.Unreachable e) {
                    if (attempt > retries) {
                        throw e.after(attempt);
                    }
                    err.println("upload: " + e.getMessage() + "; sending again (" + attempt + ")");
                    api.pause(api.backoff().delay(attempt));
                    continue;
                }
                if (Api.isBusy(r.statusCode()) && attempt <= retries) {
                    api.pause(
                            RetryAfter.parse(r.headers().firstValue("Retry-After"))
                                    .orElse(api.backoff().delay(attempt)));
                    continue;
                }
                if (r.statusCode() != 202 && r.statusCode() != 200 && r.statusCode() != 201) {
                    throw TusClient.refusal("upload", r);
                }
                progress.finish(src.fileSize(), src.position());
                JsonNode task = Json.parse(r.body()).path("task");
                return new ResumableUpload.Uploaded(Json.text(task, "id", ""), src.sha256Hex());
            }
        }
    }

    /** The source as a stream for the request body, showing progress as it is read. */
    private static final class ProgressStream extends InputStream {
        private final UploadSource src;
        private final Progress progress;
        private final Compression compression;
        private final byte[] one = new byte[1];

        ProgressStream(UploadSource src, Progress progress, Compression compression) {
            this.src = src;
            this.progress = progress;
            this.compression = compression;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (off != 0 || len != b.length) {
                byte[] tmp = new byte[len];
                int n = read(tmp, 0, len);
                if (n > 0) {
                    System.arraycopy(tmp, 0, b, off, n);
                }
                return n;
            }
            try {
                int n = src.fill(b);
                progress.update(
                        compression == Compression.NONE ? src.position() : src.fileRead(),
                        src.position());
                return n == 0 && len > 0 ? -1 : n;
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}

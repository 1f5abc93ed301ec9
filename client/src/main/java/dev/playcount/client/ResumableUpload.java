package dev.playcount.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends a file over tus in PATCHes of {@code chunkSize} bytes. After a broken connection, a busy
 * service or a refused checksum it waits (backoff or {@code Retry-After}), asks HEAD where the
 * upload stands and goes on from there, at most {@code retries} times in a row without progress.
 * The URL is kept in the {@link UploadStore}, so a restarted client resumes the same upload.
 *
 * <p>A compressed upload re-creates its bytes from the start of the file and skips what the service
 * has (the compressors are deterministic); its length is told with the last PATCH
 * (creation-defer-length), so compression runs once, as the bytes are sent.
 */
final class ResumableUpload {

    private final Api api;
    private final TusClient tus;
    private final TusClient.Server server;
    private final UploadStore store;
    private final int chunkSize;
    private final int retries;
    private final PrintStream err;
    private final boolean terminal;

    ResumableUpload(
            Api api,
            TusClient tus,
            TusClient.Server server,
            UploadStore store,
            int chunkSize,
            int retries,
            PrintStream err,
            boolean terminal) {
        this.api = api;
        this.tus = tus;
        this.server = server;
        this.store = store;
        this.chunkSize = chunkSize;
        this.retries = retries;
        this.err = err;
        this.terminal = terminal;
    }

    /** Uploads {@code req}; returns the task id (the upload's id) and the SHA-256 of the bytes. */
    Uploaded run(UploadRequest req) throws IOException {
        long length = lengthToCreate(req);
        String key =
                UploadStore.key(
                        api.config().base(),
                        req.file(),
                        req.compression(),
                        req.level(),
                        req.invalidRows());
        Optional<UploadStore.Entry> known = store.find(key);
        URI url = null;
        long offset = 0;
        if (known.isPresent()) {
            Optional<TusClient.Offset> at = tus.head(known.get().url());
            if (at.isPresent() && !ended(idOf(known.get().url()))) {
                url = known.get().url();
                offset = at.get().offset();
            }
        }
        if (url == null) {
            String idem = req.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
            url = tus.create(length, metadata(req, idem));
            store.save(key, new UploadStore.Entry(url, idem));
        }
        String id = TaskId.check(idOf(url));
        err.println("upload " + id + (offset > 0 ? " (resumed)" : "") + " at " + url);
        try {
            String sha = send(req, url, offset, length >= 0);
            store.remove(key);
            return new Uploaded(id, sha);
        } catch (ClientException e) {
            if (e.exitCode() == ExitCode.TASK_FAILED) {
                // the service refused this upload's bytes: resuming it could only fail again
                store.remove(key);
            }
            throw e;
        }
    }

    /**
     * Whether the upload's task ended already (cancelled or failed while the upload was
     * unfinished): such an upload is not resumed but made afresh.
     */
    private boolean ended(String id) {
        HttpResponse<String> r =
                api.call(() -> api.request("/tasks/" + id + "/status").GET().build());
        return r.statusCode() == 200
                && TaskWaiter.ENDED.contains(
                        Json.text(Json.parse(r.body()).path("task"), "status", ""));
    }

    /** A task's id and the SHA-256 of the bytes it was uploaded as. */
    record Uploaded(String taskId, String sha256) {}

    private long lengthToCreate(UploadRequest req) throws IOException {
        if (req.compression() == Compression.NONE) {
            return Files.size(req.file());
        }
        if (server.defersLength()) {
            return -1;
        }
        // without deferred lengths the compressed size must be known first: one more pass
        err.println(
                "upload: the service does not take deferred lengths; measuring the compressed"
                        + " size");
        try (UploadSource s = UploadSource.open(req.file(), req.compression(), req.level(), 0)) {
            byte[] buf = new byte[1 << 16];
            while (s.fill(buf) == buf.length) {
                // drain
            }
            return s.position();
        }
    }

    private String send(UploadRequest req, URI url, long offset, boolean lengthKnown)
            throws IOException {
        Progress progress = Progress.onStderr(err, terminal, "upload", Files.size(req.file()));
        try (UploadWindow w = new UploadWindow(req, chunkSize, server.checksum())) {
            w.moveTo(offset);
            w.lengthSent = lengthKnown;
            progress.start(shown(req, w));
            int failures = 0;
            while (!w.done()) {
                long tell = w.last && !w.lengthSent ? w.end() : -1;
                HttpResponse<String> r;
                try {
                    r = tus.patch(url, w.at, w.chunk, w.from(), w.remaining(), tell, w.checksum());
                } catch (Api.Unreachable e) {
                    failures = failed(failures, e);
                    api.pause(api.backoff().delay(failures));
                    w.resync(where(url));
                    continue;
                }
                int status = r.statusCode();
                if (status == 204 || status == 200) {
                    w.advance(TusClient.newOffset(r));
                    w.lengthSent |= tell >= 0;
                    failures = 0;
                    progress.update(shown(req, w), w.at);
                } else if (status == 404 || status == 410) {
                    throw gone(url);
                } else if (status == 409 || status == 460 || status == 423 || Api.isBusy(status)) {
                    // 409: the service has another offset; 460: the chunk arrived damaged;
                    // 423: the broken PATCH before still holds the upload
                    failures = failed(failures, TusClient.refusal("upload", r));
                    Duration wait = status == 409 ? Duration.ZERO : api.backoff().delay(failures);
                    api.pause(RetryAfter.parse(r.headers().firstValue("Retry-After")).orElse(wait));
                    w.resync(where(url));
                } else {
                    throw TusClient.refusal("upload", r);
                }
            }
            progress.finish(w.src.fileSize(), w.at);
            return w.sha256Hex();
        }
    }

    private static long shown(UploadRequest req, UploadWindow w) {
        return req.compression() == Compression.NONE ? w.at : w.src.fileRead();
    }

    private int failed(int failures, ClientException e) {
        int n = failures + 1;
        if (n > retries) {
            if (e instanceof Api.Unreachable u) {
                throw u.after(n);
            }
            throw e;
        }
        err.println("upload: " + e.getMessage() + "; retrying (" + n + " of " + retries + ")");
        return n;
    }

    private TusClient.Offset where(URI url) {
        return tus.head(url).orElseThrow(() -> gone(url));
    }

    /**
     * The upload was ended by the service (expired, terminated, or its task failed on a bad row
     * while it streamed): the task's own error says which.
     */
    private ClientException gone(URI url) {
        String id = idOf(url);
        HttpResponse<String> r =
                api.call(() -> api.request("/tasks/" + id + "/status").GET().build());
        if (r.statusCode() == 200) {
            com.fasterxml.jackson.databind.JsonNode task = Json.parse(r.body()).path("task");
            String status = Json.text(task, "status", "");
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                return new ClientException(ExitCode.TASK_FAILED, TaskText.failure(id, task));
            }
        }
        return new ClientException(
                ExitCode.TASK_FAILED,
                "upload " + id + " was ended by the service (expired or terminated)");
    }

    private static Map<String, String> metadata(UploadRequest req, String idem) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("filename", req.fileName());
        m.put("invalidRows", req.invalidRows());
        m.put("idempotencyKey", idem);
        return m;
    }

    static String idOf(URI url) {
        String path = url.getPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

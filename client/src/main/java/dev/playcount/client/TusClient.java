package dev.playcount.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tus 1.0 calls (core, creation, creation-defer-length, checksum) on {@code /uploads}, each one
 * HTTP exchange; {@link ResumableUpload} decides when to make them. Written on java.net.http rather
 * than tus-java-client: that one is built on HttpURLConnection (no per-call timeout on a stalled
 * body, its own retry loop blind to Retry-After), and has neither deferred lengths (needed to
 * compress on the fly) nor per-PATCH checksums.
 */
final class TusClient {

    static final String VERSION = "1.0.0";
    static final String UPLOADS = "/uploads";

    private final Api api;
    private final Duration patchTimeout;

    TusClient(Api api, Duration patchTimeout) {
        this.api = api;
        this.patchTimeout = patchTimeout;
    }

    /** What the service offers at {@code /uploads}: nothing when it does not speak tus. */
    record Server(Set<String> extensions, long maxSize, Optional<String> checksum) {

        boolean defersLength() {
            return extensions.contains("creation-defer-length");
        }

        /** The same service, sent no per-PATCH checksums. */
        Server withoutChecksums() {
            return new Server(extensions, maxSize, Optional.empty());
        }
    }

    /** OPTIONS {@code /uploads}; empty when the service has no tus endpoint (404, 405). */
    Optional<Server> discover() {
        HttpResponse<String> r =
                api.call(
                        () ->
                                api.request(UPLOADS)
                                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                        .build());
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw ApiError.of("upload", r);
        }
        Optional<String> version = r.headers().firstValue("Tus-Version");
        if (r.statusCode() / 100 != 2
                || version.isEmpty()
                || !Arrays.asList(version.get().split("\\s*,\\s*")).contains(VERSION)) {
            return Optional.empty();
        }
        Set<String> ext =
                Arrays.stream(r.headers().firstValue("Tus-Extension").orElse("").split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
        long max = r.headers().firstValue("Tus-Max-Size").map(TusClient::parseLong).orElse(0L);
        return Optional.of(new Server(ext, max, pickChecksum(ext, r)));
    }

    private static Optional<String> pickChecksum(Set<String> ext, HttpResponse<String> r) {
        if (!ext.contains("checksum")) {
            return Optional.empty();
        }
        Set<String> algs =
                Arrays.stream(
                                r.headers()
                                        .firstValue("Tus-Checksum-Algorithm")
                                        .orElse("")
                                        .split(","))
                        .map(s -> s.strip().toLowerCase(Locale.ROOT))
                        .collect(Collectors.toSet());
        // sha1 is the one every tus server with checksums must take
        return Optional.of(algs.contains("sha256") ? "sha256" : "sha1");
    }

    /** POST {@code /uploads}: a new upload of {@code length} bytes (-1: told later); its URL. */
    URI create(long length, Map<String, String> metadata) {
        HttpResponse<String> r =
                api.call(
                        () -> {
                            HttpRequest.Builder b =
                                    api.request(UPLOADS)
                                            .header("Tus-Resumable", VERSION)
                                            .header("Upload-Metadata", metadata(metadata))
                                            .POST(HttpRequest.BodyPublishers.noBody());
                            if (length < 0) {
                                b.header("Upload-Defer-Length", "1");
                            } else {
                                b.header("Upload-Length", Long.toString(length));
                            }
                            return b.build();
                        });
        if (r.statusCode() != 201) {
            throw refusal("upload", r);
        }
        String location =
                r.headers()
                        .firstValue("Location")
                        .orElseThrow(
                                () ->
                                        new ClientException(
                                                ExitCode.REFUSED,
                                                "upload: the service made an upload without a"
                                                        + " Location"));
        return r.request().uri().resolve(location);
    }

    /** Where an upload stands (HEAD); empty when it is gone (404, 410: expired or terminated). */
    Optional<Offset> head(URI upload) {
        HttpResponse<String> r =
                api.call(
                        () ->
                                api.request(upload)
                                        .header("Tus-Resumable", VERSION)
                                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                        .build());
        if (r.statusCode() == 404 || r.statusCode() == 410 || r.statusCode() == 403) {
            return Optional.empty();
        }
        if (r.statusCode() / 100 != 2) {
            throw refusal("upload", r);
        }
        long offset =
                r.headers()
                        .firstValue("Upload-Offset")
                        .map(TusClient::parseLong)
                        .orElseThrow(
                                () ->
                                        new ClientException(
                                                ExitCode.REFUSED,
                                                "upload: the service's HEAD has no Upload-Offset"));
        long length = r.headers().firstValue("Upload-Length").map(TusClient::parseLong).orElse(-1L);
        return Optional.of(new Offset(offset, length));
    }

    /** An upload's offset and, once known to the service, its length (-1 before). */
    record Offset(long offset, long length) {}

    /**
     * One PATCH of {@code buf[from, from+len)} at {@code offset}, with its {@code Upload-Checksum}
     * ({@code "sha256 BASE64"}) when the service takes them, and the upload's length when it has
     * just become known ({@code length >= 0}). Answers as they come (the caller decides what a 409
     * or 460 means); a broken connection throws {@link Api.Unreachable}.
     */
    HttpResponse<String> patch(
            URI upload,
            long offset,
            byte[] buf,
            int from,
            int len,
            long length,
            Optional<String> checksum) {
        HttpRequest.Builder b =
                api.request(upload)
                        .timeout(patchTimeout)
                        .header("Tus-Resumable", VERSION)
                        .header("Upload-Offset", Long.toString(offset))
                        .header("Content-Type", "application/offset+octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(buf, from, len));
        // the checksum header is made by the caller (ahead of time, off the wire's path)
        checksum.ifPresent(value -> b.header("Upload-Checksum", value));
        if (length >= 0) {
            b.header("Upload-Length", Long.toString(length));
        }
        return api.once(b.build(), LimitedText.handler());
    }

    static long newOffset(HttpResponse<String> r) {
        return r.headers()
                .firstValue("Upload-Offset")
                .map(TusClient::parseLong)
                .orElseThrow(
                        () ->
                                new ClientException(
                                        ExitCode.REFUSED,
                                        "upload: the service's PATCH answer has no Upload-Offset"));
    }

    /** A refused upload call: content refusals (400, 413...) are the file's fault, exit 1. */
    static ApiError refusal(String what, HttpResponse<String> r) {
        ApiError e = ApiError.of(what, r);
        return e.refusesContent() ? e.as(ExitCode.TASK_FAILED) : e;
    }

    /** {@code Upload-Metadata}: comma-separated {@code key base64(value)} pairs. */
    static String metadata(Map<String, String> values) {
        Map<String, String> ordered = new LinkedHashMap<>(values);
        return ordered.entrySet().stream()
                .map(
                        e ->
                                e.getKey()
                                        + " "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        e.getValue()
                                                                .getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
    }

    static String digest(String alg, byte[] buf, int from, int len) {
        try {
            MessageDigest md =
                    MessageDigest.getInstance(alg.equals("sha256") ? "SHA-256" : "SHA-1");
            md.update(buf, from, len);
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new ClientException(
                    ExitCode.REFUSED, "upload: the service sent a malformed number: " + s);
        }
    }
}

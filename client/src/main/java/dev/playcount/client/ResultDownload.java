package dev.playcount.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a task's result into {@code OUT.ID.part} beside {@code OUT}, resuming after a break
 * with {@code Range: bytes=N-} (a 206 whose {@code Content-Range} starts at N, else from the
 * start), checks the whole file's SHA-256 against the receipt's, and only then moves it to {@code
 * OUT}: a wrong or partial file never appears under the name asked for.
 */
final class ResultDownload {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes \\*/(\\d+)");

    private final Api api;
    private final int retries;
    private final PrintStream err;
    private final boolean terminal;

    ResultDownload(Api api, int retries, PrintStream err, boolean terminal) {
        this.api = api;
        this.retries = retries;
        this.err = err;
        this.terminal = terminal;
    }

    /** Downloads task {@code id}'s {@code file} ("download" or "rejects") to {@code out}. */
    long run(String id, String file, Path out, Optional<String> expectedSha256) throws IOException {
        Path target = out.toAbsolutePath();
        Path part = target.resolveSibling(target.getFileName() + "." + id + ".part");
        MessageDigest digest = UploadSource.sha256();
        long have = 0;
        if (Files.isRegularFile(part)) {
            // a part left by an earlier run of the same download: hash it and go on after it
            have = hashInto(digest, part);
        }
        Progress progress = null;
        int failures = 0;
        while (true) {
            long from = have;
            HttpRequest.Builder b = api.request("/tasks/" + id + "/" + file).GET();
            if (from > 0) {
                b.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<InputStream> r;
            try {
                r = api.once(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (Api.Unreachable e) {
                failures = failed(failures, e);
                continue;
            }
            int status = r.statusCode();
            long total;
            boolean append;
            if (status == 200) {
                total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                append = false;
            } else if (status == 206) {
                Matcher m =
                        CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
                append = m.matches() && Long.parseLong(m.group(1)) == from;
                if (!append) {
                    // a range other than the one asked for: take the whole file again
                    r.body().close();
                    have = 0;
                    digest.reset();
                    continue;
                }
                total = Long.parseLong(m.group(3));
            } else if (status == 416) {
                r.body().close();
                Matcher m = UNSATISFIED.matcher(r.headers().firstValue("Content-Range").orElse(""));
                if (m.matches() && Long.parseLong(m.group(1)) == from) {
                    break; // the part holds the whole file already
                }
                have = 0;
                digest.reset();
                continue;
            } else {
                String body =
                        new String(
                                r.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (Api.isBusy(status) && failures < retries) {
                    failures++;
                    api.pause(
                            RetryAfter.parse(r.headers().firstValue("Retry-After"))
                                    .orElse(api.backoff().delay(failures)));
                    continue;
                }
                throw ApiError.of(file + " of task " + id, status, r.headers(), body);
            }
            if (!append) {
                have = 0;
                digest.reset();
            }
            if (progress == null) {
                progress = Progress.onStderr(err, terminal, file, total);
            }
            // each (re)start: a resumed one says where it goes on from
            progress.start(have);
            try (InputStream in = r.body();
                    OutputStream o =
                            Files.newOutputStream(
                                    part,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE,
                                    append
                                            ? StandardOpenOption.APPEND
                                            : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    o.write(buf, 0, n);
                    digest.update(buf, 0, n);
                    have += n;
                    if (total >= 0 && have > total) {
                        throw new ClientException(
                                ExitCode.REFUSED,
                                file
                                        + " of task "
                                        + id
                                        + ": more bytes than the "
                                        + total
                                        + " announced");
                    }
                    progress.update(have, have);
                }
            } catch (IOException e) {
                // the connection broke mid-body: what arrived is kept, the rest asked for by range
                failures = failed(failures, new Api.Unreachable(r.uri(), e));
                continue;
            }
            if (total >= 0 && have < total) {
                failures =
                        failed(
                                failures,
                                new Api.Unreachable(
                                        r.uri(), new IOException("the download ended early")));
                continue;
            }
            progress.finish(have, have);
            break;
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(sha)) {
            Files.deleteIfExists(part);
            throw new ClientException(
                    ExitCode.CHECKSUM_MISMATCH,
                    out
                            + ": the downloaded file's SHA-256 "
                            + sha
                            + " is not the task's "
                            + expectedSha256.get()
                            + "; nothing written");
        }
        move(part, target);
        return have;
    }

    private int failed(int failures, Api.Unreachable e) {
        int n = failures + 1;
        if (n > retries) {
            throw e.after(n);
        }
        err.println("download: " + e.getMessage() + "; resuming (" + n + " of " + retries + ")");
        api.pause(api.backoff().delay(n));
        return n;
    }

    private static long hashInto(MessageDigest digest, Path file) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int k;
            while ((k = in.read(buf)) > 0) {
                digest.update(buf, 0, k);
                n += k;
            }
        }
        return n;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

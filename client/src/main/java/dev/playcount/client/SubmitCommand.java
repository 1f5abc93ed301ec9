package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code submit FILE}: uploads the file (resumable over tus, compressed on the fly when asked),
 * prints the task's id; with {@code --wait} follows the task and downloads the checked result.
 */
@Command(
        name = "submit",
        description = "Uploads a CSV (or .csv.gz/.csv.zst) and makes a task of it.")
final class SubmitCommand implements Callable<Integer> {

    static final long MIN_CHUNK = 64 * 1024;
    static final long MAX_CHUNK = 1L << 30;

    @ParentCommand PlaycountCli cli;
    @Mixin ServiceOptions service;

    @Parameters(paramLabel = "FILE", description = "the CSV; a .gz or .zst file is sent as it is")
    Path file;

    @Option(
            names = "--invalid-rows",
            defaultValue = "fail",
            paramLabel = "fail|skip",
            description =
                    "fail: the task fails on the first invalid row; skip: leave them out (default:"
                            + " ${DEFAULT-VALUE})")
    String invalidRows;

    @ArgGroup(exclusive = true)
    Compress compress = new Compress();

    static final class Compress {
        @Option(names = "--gzip", description = "compress on the fly with gzip")
        boolean gzip;

        @Option(names = "--zstd", description = "compress on the fly with zstd")
        boolean zstd;
    }

    @Option(
            names = "--level",
            paramLabel = "N",
            description = "compression level (gzip 1-9, default 1; zstd 1-19, default 3)")
    Integer level;

    @Option(names = "--wait", description = "wait for the task to end and download its result")
    boolean await;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "results.csv",
            paramLabel = "OUT",
            description = "with --wait: where the result goes (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(
            names = "--idempotency-key",
            paramLabel = "KEY",
            description =
                    "the task's idempotency key (default: a new UUID, kept for a resumed upload)")
    String idempotencyKey;

    @Option(
            names = "--chunk-size",
            defaultValue = "8MiB",
            paramLabel = "SIZE",
            converter = Units.SizeConverter.class,
            description = "bytes per PATCH, and the most a break costs (default: ${DEFAULT-VALUE})")
    long chunkSize;

    @Option(
            names = "--no-checksum",
            description =
                    "send PATCHes without Upload-Checksum (the whole upload's SHA-256 is still"
                            + " compared at the end)")
    boolean noChecksum;

    @Option(
            names = "--poll-interval",
            defaultValue = "1s",
            paramLabel = "DURATION",
            converter = Units.DurationConverter.class,
            description =
                    "with --wait: the longest wait between status calls (default:"
                            + " ${DEFAULT-VALUE})")
    Duration pollInterval;

    @Override
    public Integer call() throws IOException {
        UploadRequest req = request();
        Api api = service.api(cli);
        long start = System.nanoTime();
        ResumableUpload.Uploaded up = upload(api, req);
        long uploaded = System.nanoTime();
        TaskWaiter waiter = new TaskWaiter(api, cli.err, pollInterval);
        if (!await) {
            JsonNode task = withInputHash(api, waiter, up.taskId());
            if (TaskWaiter.ENDED.contains(Json.text(task, "status", ""))) {
                // cancelled (or failed on a bad row) while its bytes were still arriving
                throw new ClientException(
                        ExitCode.TASK_FAILED, TaskText.failure(up.taskId(), task));
            }
            checkUpload(req, up, task);
            cli.out.println(up.taskId());
            return ExitCode.OK.code();
        }
        JsonNode task = waiter.await(up.taskId(), true);
        long completed = System.nanoTime();
        checkUpload(req, up, task);
        long bytes =
                new ResultDownload(api, service.retries, cli.err, cli.terminal)
                        .run(
                                up.taskId(),
                                "download",
                                output,
                                DownloadCommand.resultSha256(task, cli.err));
        long downloaded = System.nanoTime();
        cli.err.println(
                String.format(
                        java.util.Locale.ROOT,
                        "took %.1f s: upload %.1f s, last byte to %s %.1f s, download %.1f s",
                        (downloaded - start) / 1e9,
                        (uploaded - start) / 1e9,
                        Json.text(task, "status", "COMPLETED"),
                        (completed - uploaded) / 1e9,
                        (downloaded - completed) / 1e9));
        cli.out.print(TaskText.status(task));
        cli.out.println(
                "wrote " + output.toAbsolutePath() + " (" + bytes + " bytes, SHA-256 checked)");
        return ExitCode.OK.code();
    }

    /**
     * The task once the service has hashed its input: the last PATCH may be answered a moment
     * before the task is recorded (the upload shows as a QUEUED task in phase uploading till then).
     */
    private JsonNode withInputHash(Api api, TaskWaiter waiter, String id) {
        JsonNode task = waiter.current(id);
        for (int i = 0; i < 40 && Json.text(task.path("input"), "sha256", null) == null; i++) {
            if (!Json.text(task, "status", "").equals("QUEUED")) {
                break;
            }
            api.pause(Duration.ofMillis(250));
            task = waiter.current(id);
        }
        return task;
    }

    private UploadRequest request() throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ClientException(ExitCode.USAGE, file + ": no such readable file");
        }
        if (Files.size(file) == 0) {
            throw new ClientException(
                    ExitCode.TASK_FAILED, file + ": the file is empty (no header)");
        }
        if (!invalidRows.equals("fail") && !invalidRows.equals("skip")) {
            throw new ClientException(
                    ExitCode.USAGE,
                    "--invalid-rows " + invalidRows + " is not valid: expected fail or skip");
        }
        if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
            throw new ClientException(ExitCode.USAGE, "--chunk-size must be from 64KiB to 1GiB");
        }
        Compression c =
                compress.gzip
                        ? Compression.GZIP
                        : compress.zstd ? Compression.ZSTD : Compression.NONE;
        String name = file.getFileName().toString();
        if (c != Compression.NONE && Compression.isCompressed(file)) {
            cli.err.println("upload: " + name + " is compressed already; sending it as it is");
            c = Compression.NONE;
        }
        int lvl = level != null ? level : c.defaultLevel();
        c.checkLevel(lvl);
        return new UploadRequest(
                file, name + c.suffix(), c, lvl, invalidRows, Optional.ofNullable(idempotencyKey));
    }

    private ResumableUpload.Uploaded upload(Api api, UploadRequest req) throws IOException {
        TusClient tus =
                new TusClient(api, service.timeout.plus(Duration.ofSeconds(chunkSize / 65_536)));
        Optional<TusClient.Server> server = tus.discover();
        if (server.isEmpty()) {
            return new PostUpload(api, service.retries, cli.err, cli.terminal).run(req);
        }
        return new ResumableUpload(
                        api,
                        tus,
                        noChecksum ? server.get().withoutChecksums() : server.get(),
                        UploadStore.fromEnv(cli.env),
                        (int) chunkSize,
                        service.retries,
                        cli.err,
                        cli.terminal)
                .run(req);
    }

    /**
     * The service's SHA-256 of the bytes it received must be the client's of the bytes it sent:
     * catches a resumed compressed upload whose re-created bytes differed.
     */
    static void checkUpload(UploadRequest req, ResumableUpload.Uploaded up, JsonNode task) {
        JsonNode input = task.path("input");
        String received = Json.text(input, "receivedSha256", null);
        if (received == null && req.compression() == Compression.NONE) {
            received = Json.text(input, "sha256", null);
        }
        if (received != null && !received.isEmpty() && !received.equalsIgnoreCase(up.sha256())) {
            throw new ClientException(
                    ExitCode.CHECKSUM_MISMATCH,
                    "task "
                            + up.taskId()
                            + ": the service received bytes with SHA-256 "
                            + received
                            + ", the client sent "
                            + up.sha256());
        }
    }
}

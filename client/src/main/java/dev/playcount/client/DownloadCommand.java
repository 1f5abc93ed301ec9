package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code download ID -o FILE}: the result (or rejects), resumed after a break, SHA-256 checked. */
@Command(name = "download", description = "Downloads a task's result, checked against its receipt.")
final class DownloadCommand implements Callable<Integer> {

    @ParentCommand PlaycountCli cli;
    @Mixin ServiceOptions service;

    @Parameters(paramLabel = "ID", description = "the task's id")
    String id;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "where it goes (default: results.csv, rejects.csv with --rejects)")
    Path output;

    @Option(
            names = "--rejects",
            description = "the invalid rows of an --invalid-rows skip task instead")
    boolean rejects;

    @Option(names = "--wait", description = "wait for the task to end first")
    boolean await;

    @Override
    public Integer call() throws IOException {
        String task = TaskId.check(id);
        Api api = service.api(cli);
        TaskWaiter waiter = new TaskWaiter(api, cli.err, Duration.ofSeconds(1));
        JsonNode t = await ? waiter.await(task, false) : waiter.current(task);
        Path out = output != null ? output : Path.of(rejects ? "rejects.csv" : "results.csv");
        Optional<String> sha = rejects ? Optional.empty() : resultSha256(t, cli.err);
        long bytes =
                new ResultDownload(api, service.retries, cli.err, cli.terminal)
                        .run(task, rejects ? "rejects" : "download", out, sha);
        cli.out.println(
                "wrote "
                        + out.toAbsolutePath()
                        + " ("
                        + bytes
                        + " bytes"
                        + (sha.isPresent() ? ", SHA-256 checked)" : ")"));
        return ExitCode.OK.code();
    }

    /** The receipt's result SHA-256; without one (an old task) the download goes unchecked. */
    static Optional<String> resultSha256(JsonNode task, PrintStream err) {
        String sha = Json.text(task.path("receipt"), "resultSha256", "");
        if (sha.isEmpty()) {
            err.println("download: the task has no receipt; the file's SHA-256 cannot be checked");
            return Optional.empty();
        }
        return Optional.of(sha);
    }
}

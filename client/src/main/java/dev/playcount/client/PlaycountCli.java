package dev.playcount.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar playcount.jar COMMAND}: the entry point only wires the commands to the
 * environment and streams, and maps every failure to one stderr line and an {@link ExitCode}.
 */
@Command(
        name = "playcount",
        mixinStandardHelpOptions = true,
        version = "playcount client 1",
        description = "Uploads play-count CSVs to a playcount service and fetches their totals.",
        subcommands = {
            SubmitCommand.class,
            StatusCommand.class,
            ListCommand.class,
            CancelCommand.class,
            DownloadCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the task failed or the file was refused (bad header, bad row, corrupt stream)",
            "2:bad options or arguments",
            "3:the service cannot be reached (after the retries)",
            "4:a SHA-256 does not match (download or upload)",
            "5:the service refused the request (unknown task, bad key, not ready, limits)",
            "6:a local file cannot be read or written"
        })
public final class PlaycountCli implements java.util.concurrent.Callable<Integer> {

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    final boolean terminal;
    final Sleeper sleeper;

    PlaycountCli(
            Map<String, String> env,
            PrintStream out,
            PrintStream err,
            boolean terminal,
            Sleeper sleeper) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.sleeper = sleeper;
    }

    @Override
    public Integer call() {
        throw new ClientException(
                ExitCode.USAGE,
                "a command is needed: submit, status, list, cancel or download (see --help)");
    }

    public static void main(String[] args) {
        System.exit(
                run(
                        args,
                        System.getenv(),
                        System.out,
                        System.err,
                        System.console() != null,
                        Sleeper.system()));
    }

    /** Runs one command; returns its exit code. */
    public static int run(
            String[] args,
            Map<String, String> env,
            PrintStream out,
            PrintStream err,
            boolean terminal,
            Sleeper sleeper) {
        CommandLine cli = new CommandLine(new PlaycountCli(env, out, err, terminal, sleeper));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler(
                (e, a) -> {
                    err.println("error: " + e.getMessage() + " (see --help)");
                    return ExitCode.USAGE.code();
                });
        cli.setExecutionExceptionHandler(
                (e, c, p) -> {
                    err.println("error: " + message(e));
                    return exit(e).code();
                });
        return cli.execute(args);
    }

    static ExitCode exit(Exception e) {
        if (e instanceof ClientException c) {
            return c.exitCode();
        }
        if (e instanceof IOException) {
            return ExitCode.LOCAL_IO;
        }
        return ExitCode.TASK_FAILED;
    }

    static String message(Exception e) {
        if (e instanceof ClientException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof IOException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return "unexpected " + e;
    }
}

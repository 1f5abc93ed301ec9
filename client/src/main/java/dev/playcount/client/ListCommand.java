package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code list}: the tasks, newest first, one line each or the raw JSON. */
@Command(name = "list", description = "Lists the tasks, newest first.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand PlaycountCli cli;
    @Mixin ServiceOptions service;

    @Option(
            names = "--status",
            paramLabel = "S",
            description = "only tasks with this status (QUEUED, IN_PROGRESS, COMPLETED...)")
    String status;

    @Option(
            names = "--page",
            defaultValue = "1",
            paramLabel = "N",
            description = "the page, from 1 (default: ${DEFAULT-VALUE})")
    int page;

    @Option(
            names = "--page-size",
            defaultValue = "20",
            paramLabel = "N",
            description = "tasks a page, 1 to 200 (default: ${DEFAULT-VALUE})")
    int pageSize;

    @Option(names = "--json", description = "print the service's JSON answer as it came")
    boolean json;

    @Override
    public Integer call() {
        if (page < 1 || pageSize < 1 || pageSize > 200) {
            throw new ClientException(
                    ExitCode.USAGE, "--page must be at least 1 and --page-size 1 to 200");
        }
        Api api = service.api(cli);
        String path = "/tasks?page=" + page + "&pageSize=" + pageSize;
        if (status != null) {
            path += "&status=" + URLEncoder.encode(status, StandardCharsets.UTF_8);
        }
        JsonNode body = api.getJson("list", path);
        if (json) {
            cli.out.println(body.toString());
            return ExitCode.OK.code();
        }
        cli.out.println(TaskText.listHeader());
        for (JsonNode task : body.path("tasks")) {
            cli.out.println(TaskText.listRow(task));
        }
        long total = body.path("total").asLong();
        int shown = body.path("tasks").size();
        if (total > shown) {
            cli.out.println(
                    "page "
                            + page
                            + ": "
                            + shown
                            + " of "
                            + total
                            + " tasks (--page "
                            + (page + 1)
                            + " for more)");
        }
        return ExitCode.OK.code();
    }
}

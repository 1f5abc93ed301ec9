package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code status ID}: the task, as a short block or the raw JSON. */
@Command(name = "status", description = "Shows a task.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand PlaycountCli cli;
    @Mixin ServiceOptions service;

    @Parameters(paramLabel = "ID", description = "the task's id")
    String id;

    @Option(names = "--json", description = "print the service's JSON answer as it came")
    boolean json;

    @Override
    public Integer call() {
        TaskId.check(id);
        Api api = service.api(cli);
        JsonNode body = api.getJson("status of task " + id, "/tasks/" + id + "/status");
        cli.out.print(
                json
                        ? body.toString() + System.lineSeparator()
                        : TaskText.status(body.path("task")));
        return ExitCode.OK.code();
    }
}

package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cancel ID}: cancels a queued or running task (DELETE), deleting its files. */
@Command(name = "cancel", description = "Cancels a queued or running task and deletes its files.")
final class CancelCommand implements Callable<Integer> {

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
        // DELETE is idempotent: a retry after a lost answer finds the task CANCELLED (409)
        HttpResponse<String> r = api.call(() -> api.request("/tasks/" + id).DELETE().build());
        if (r.statusCode() == 404 && terminateUpload(api)) {
            cli.out.println("upload " + id + " terminated");
            return ExitCode.OK.code();
        }
        JsonNode body = Api.json("cancel of task " + id, r);
        if (json) {
            cli.out.println(body.toString());
        } else {
            cli.out.println("task " + id + " " + Json.text(body.path("task"), "status", "?"));
        }
        return ExitCode.OK.code();
    }

    /** No task: perhaps an unfinished resumable upload, ended with tus termination (DELETE). */
    private boolean terminateUpload(Api api) {
        HttpResponse<String> r =
                api.call(
                        () ->
                                api.request(TusClient.UPLOADS + "/" + id)
                                        .header("Tus-Resumable", TusClient.VERSION)
                                        .DELETE()
                                        .build());
        return r.statusCode() == 204;
    }
}

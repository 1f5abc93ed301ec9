package dev.playcount.gateway.task;

/** What a launcher does with one job request; returns once the task's outcome is recorded. */
@FunctionalInterface
public interface JobHandler {

    /**
     * @throws InterruptedException when the launcher stops: the request stays for another one
     * @throws Exception when the outcome could not be recorded: the request comes again
     */
    void handle(String taskId) throws Exception;
}

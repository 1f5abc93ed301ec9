package dev.playcount.gateway.task;

/** What a launcher does with one job request; returns once the task's outcome is recorded. */
@FunctionalInterface
public interface JobHandler {

    /**
     * @param claimed run once the task is held under this launcher's lease (the request may be
     *     acknowledged then: the lease carries the task from there)
     * @throws InterruptedException when the launcher stops: the request stays for another one
     * @throws Exception when the outcome could not be recorded: the request comes again
     */
    void handle(String taskId, Runnable claimed) throws Exception;
}

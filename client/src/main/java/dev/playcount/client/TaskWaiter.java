package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * Follows a task's {@code next} link until it ends, printing its status, phase and percent when
 * they change. Waits {@code Retry-After} when the service asks (409, 429, 503), else polls quickly
 * at first (a small task ends in a second) and every {@code maxInterval} after.
 */
final class TaskWaiter {

    static final Set<String> DONE = Set.of("COMPLETED", "DOWNLOADED");
    static final Set<String> ENDED = Set.of("FAILED", "CANCELLED", "EXPIRED");

    private final Api api;
    private final PrintStream err;
    private final Duration maxInterval;

    TaskWaiter(Api api, PrintStream err, Duration maxInterval) {
        this.api = api;
        this.err = err;
        this.maxInterval = maxInterval;
    }

    /** The task as it is now (after an upload, once the service shows it). */
    JsonNode current(String id) {
        int notFound = 40;
        while (true) {
            HttpResponse<String> r =
                    api.call(() -> api.request("/tasks/" + id + "/status").GET().build());
            if (r.statusCode() == 404 && notFound-- > 0) {
                api.pause(Duration.ofMillis(250));
                continue;
            }
            return Api.json("status of task " + id, r).path("task");
        }
    }

    /**
     * The task once COMPLETED or DOWNLOADED; a FAILED, CANCELLED or EXPIRED one throws (exit 1).
     */
    JsonNode await(String id, boolean justUploaded) {
        // a task made as the last byte lands may show a moment later
        int notFound = justUploaded ? 40 : 0;
        String next = "/tasks/" + id + "/status";
        Duration interval = Duration.ofMillis(100);
        String shown = "";
        int failures = 0;
        while (true) {
            String link = next;
            HttpResponse<String> r;
            try {
                r = api.once(api.request(link).GET().build(), LimitedText.handler());
            } catch (Api.Unreachable e) {
                failures++;
                if (failures >= api.backoff().attempts()) {
                    throw e.after(failures);
                }
                api.pause(api.backoff().delay(failures));
                continue;
            }
            int status = r.statusCode();
            if (status == 404 && notFound-- > 0) {
                api.pause(Duration.ofMillis(250));
                continue;
            }
            if (status == 409 || Api.isBusy(status)) {
                failures = Api.isBusy(status) ? failures + 1 : failures;
                if (failures >= api.backoff().attempts()) {
                    throw ApiError.of("status", r);
                }
                api.pause(
                        RetryAfter.parse(r.headers().firstValue("Retry-After"))
                                .orElse(api.backoff().delay(Math.max(1, failures))));
                continue;
            }
            JsonNode body = Api.json("status of task " + id, r);
            failures = 0;
            JsonNode task = body.path("task");
            next = Json.text(body, "next", next);
            String state = Json.text(task, "status", "?");
            String line = state + " " + TaskText.progress(task);
            if (!line.equals(shown)) {
                err.println("task " + id + " " + line);
                shown = line;
            }
            if (DONE.contains(state)) {
                return task;
            }
            if (ENDED.contains(state)) {
                throw new ClientException(ExitCode.TASK_FAILED, TaskText.failure(id, task));
            }
            api.pause(interval);
            interval =
                    interval.multipliedBy(2).compareTo(maxInterval) > 0
                            ? maxInterval
                            : interval.multipliedBy(2);
        }
    }
}

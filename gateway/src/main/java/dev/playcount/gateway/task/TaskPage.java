package dev.playcount.gateway.task;

import java.util.List;

/** One page of tasks, newest first, and how many match in all. */
public record TaskPage(List<Task> tasks, int page, int pageSize, long total) {

    public boolean hasNext() {
        return (long) page * pageSize < total;
    }
}

package dev.playcount.gateway.http;

import java.util.List;

/** One page of {@code GET /tasks}; {@code next} is null on the last page. */
public record TaskListView(List<TaskView> tasks, int page, int pageSize, long total, String next) {}

package dev.playcount.gateway.task;

/**
 * Which tasks to list.
 *
 * @param owner the owner whose tasks to list, empty for all
 * @param status a status to filter by, or null for any
 * @param page 1-based page number
 */
public record TaskQuery(String owner, TaskStatus status, int page, int pageSize) {}

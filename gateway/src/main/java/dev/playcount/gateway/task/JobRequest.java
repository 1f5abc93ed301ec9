package dev.playcount.gateway.task;

/** The message that asks a launcher to run a task's job; the task record holds the rest. */
public record JobRequest(String taskId) {}

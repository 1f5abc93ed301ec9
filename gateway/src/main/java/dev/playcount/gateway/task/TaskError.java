package dev.playcount.gateway.task;

/** Why a task failed: a stable code, a sentence for people and, for a bad row, its line. */
public record TaskError(String code, String message, Long line) {}

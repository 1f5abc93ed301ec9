package dev.playcount.gateway.task;

/** The uploaded file as the user named it, its size and its SHA-256 (hex). */
public record InputFile(String name, long bytes, String sha256) {}

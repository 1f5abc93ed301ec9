package dev.playcount.gateway.task;

/**
 * The uploaded file as the user named it, its size and its SHA-256 (hex). While the file still
 * arrives (its job already runs) the SHA-256 is null and the size is the bytes stored so far.
 */
public record InputFile(String name, long bytes, String sha256) {}

package dev.playcount.gateway.task;

/** What was written for an upload: its size and SHA-256 in hex. */
public record StoredUpload(long bytes, String sha256) {}

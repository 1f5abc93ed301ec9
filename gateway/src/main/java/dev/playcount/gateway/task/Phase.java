package dev.playcount.gateway.task;

import java.util.Locale;

/**
 * The phase of a task's work that its progress describes, in the order they happen. Uploading
 * belongs to resumable uploads, which do not report it yet; the others are the Flink job's stages.
 */
public enum Phase {
    UPLOADING,
    READING,
    SUMMING,
    WRITING;

    /** The name in the API and the store: {@code reading}, {@code summing}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The phase of a wire name, or null for null (a task whose job has not started). */
    public static Phase fromWire(String name) {
        return name == null ? null : valueOf(name.toUpperCase(Locale.ROOT));
    }
}

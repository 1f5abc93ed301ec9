package dev.playcount.gateway.task;

/** How far a running job has read its input. */
public record Progress(double percent, long rowsRead, long bytesRead) {

    public static final Progress NONE = new Progress(0, 0, 0);
}

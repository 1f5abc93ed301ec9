package dev.playcount.gateway.task;

/** A Flink job's state as the launcher needs it. */
public enum JobState {
    RUNNING,
    FINISHED,
    FAILED,
    CANCELED,
    /** The cluster has no such job (never submitted, or the cluster restarted since). */
    UNKNOWN;

    public boolean ended() {
        return this == FINISHED || this == FAILED || this == CANCELED;
    }
}

package dev.playcount.gateway.task;

/**
 * The Flink cluster did not answer (connection refused, a timeout, a 5xx): not a verdict on the
 * job, so the launcher waits it out instead of failing the task.
 */
public final class ClusterUnavailableException extends RuntimeException {

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.playcount.gateway.task;

/** Where job requests wait for a launcher. */
public interface JobQueue {

    /**
     * Publishes the request durably; returns only once the broker has confirmed it.
     *
     * @throws UnavailableException when the broker does not answer or refuses the message
     */
    void publish(JobRequest request);

    /** Whether the broker answers now. */
    boolean ready();
}

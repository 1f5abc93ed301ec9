package dev.playcount.gateway.testing;

import dev.playcount.gateway.task.JobQueue;
import dev.playcount.gateway.task.JobRequest;
import dev.playcount.gateway.task.UnavailableException;
import java.util.ArrayList;
import java.util.List;

/**
 * Job requests in a list, as a broker that confirmed them. A test can take the broker away, or let
 * only the next few publishes through.
 */
public final class InMemoryJobQueue implements JobQueue {

    private final List<JobRequest> published = new ArrayList<>();
    private int confirmsLeft = Integer.MAX_VALUE;

    /** Every request the "broker" confirmed, in order. */
    public synchronized List<JobRequest> published() {
        return List.copyOf(published);
    }

    /** The broker is away (every publish fails) or back. */
    public synchronized void away(boolean value) {
        confirmsLeft = value ? 0 : Integer.MAX_VALUE;
    }

    /** The next {@code n} publishes are confirmed, every later one fails. */
    public synchronized void confirmOnly(int n) {
        confirmsLeft = n;
    }

    @Override
    public synchronized void publish(JobRequest request) {
        if (confirmsLeft <= 0) {
            throw new UnavailableException("the broker (in memory) is away", null);
        }
        confirmsLeft--;
        published.add(request);
    }

    @Override
    public synchronized boolean ready() {
        return confirmsLeft > 0;
    }
}

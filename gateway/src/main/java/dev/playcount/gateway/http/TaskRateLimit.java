package dev.playcount.gateway.http;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets for new tasks, one for the process and one per API key: each holds up to a minute's
 * worth and refills evenly, so a flood of tiny uploads cannot queue hundreds of jobs at once. A
 * token is taken before the body is read and given back when the upload makes no task.
 */
final class TaskRateLimit {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final int perMinutePerKey;
    private final LongSupplier nanoTime;
    private final Bucket process;
    private final Map<String, Bucket> byOwner = new HashMap<>();

    /**
     * @param perMinute 0 for no process bound
     * @param perMinutePerKey 0 for no bound per key
     */
    TaskRateLimit(int perMinute, int perMinutePerKey, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.perMinutePerKey = perMinutePerKey;
        this.nanoTime = nanoTime;
        this.process = new Bucket(perMinute, nanoTime.getAsLong());
    }

    /**
     * Takes a token for {@code owner} (empty without API keys).
     *
     * @throws LimitException 503 when the process is out of tokens, 429 when the key is
     */
    synchronized void take(String owner) {
        long now = nanoTime.getAsLong();
        Bucket mine =
                owner.isEmpty() || perMinutePerKey == 0
                        ? null
                        : byOwner.computeIfAbsent(owner, o -> new Bucket(perMinutePerKey, now));
        if (mine != null && !mine.available(now)) {
            throw new LimitException(
                    429,
                    "too_many_tasks",
                    "this API key created "
                            + perMinutePerKey
                            + " tasks in the last minute, the most TASKS_PER_MINUTE_PER_KEY"
                            + " allows",
                    mine.secondsToNext());
        }
        if (perMinute > 0 && !process.available(now)) {
            throw new LimitException(
                    503,
                    "too_many_tasks",
                    "the gateway created "
                            + perMinute
                            + " tasks in the last minute, the most TASKS_PER_MINUTE allows",
                    process.secondsToNext());
        }
        if (mine != null) {
            mine.tokens--;
        }
        if (perMinute > 0) {
            process.tokens--;
        }
        // full buckets tell nothing: drop them, so the map holds only recently active keys
        byOwner.values().removeIf(b -> b != mine && b.full(now));
    }

    /** Gives back the token {@link #take} took, for an upload that made no task. */
    synchronized void giveBack(String owner) {
        Bucket mine = byOwner.get(owner);
        if (mine != null) {
            mine.tokens = Math.min(mine.capacity, mine.tokens + 1);
        }
        if (perMinute > 0) {
            process.tokens = Math.min(process.capacity, process.tokens + 1);
        }
    }

    /** A bucket of up to {@code capacity} tokens, refilled at {@code capacity} a minute. */
    private static final class Bucket {
        final double capacity;
        double tokens;
        long at;

        Bucket(int capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.at = now;
        }

        boolean available(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * capacity / MINUTE_NANOS);
            at = now;
            return tokens >= 1;
        }

        boolean full(long now) {
            return available(now) && tokens >= capacity;
        }

        long secondsToNext() {
            double missing = 1 - tokens;
            return (long) Math.ceil(missing * 60 / capacity);
        }
    }
}

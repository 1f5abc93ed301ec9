package dev.playcount.core.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories that name their threads, so a thread dump says which part of the process each
 * thread belongs to. Daemon threads never keep the JVM alive on their own; the process stops them
 * through the owner's {@code close()} anyway.
 */
public final class NamedThreads {

    private NamedThreads() {}

    /** Daemon threads named {@code name}, {@code name-2}, {@code name-3}, ... */
    public static ThreadFactory daemon(String name) {
        return factory(name, true);
    }

    /** Threads that keep the JVM alive while they run, named like {@link #daemon}. */
    public static ThreadFactory nonDaemon(String name) {
        return factory(name, false);
    }

    private static ThreadFactory factory(String name, boolean daemon) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            int n = count.incrementAndGet();
            Thread thread = new Thread(task, n == 1 ? name : name + "-" + n);
            thread.setDaemon(daemon);
            return thread;
        };
    }
}

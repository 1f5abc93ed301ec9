package dev.playcount.gateway.launcher;

import dev.playcount.gateway.task.LauncherTaskStore;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One launcher's hold on the tasks it runs: a task is claimed by one conditional update in the
 * store (another launcher gets it only once the lease expired), renewed while its job runs, and
 * handed back when the launcher stops. Every decision that depends on who holds a task re-reads it.
 */
final class TaskLease {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLease.class);

    private final LauncherTaskStore tasks;
    private final Clock clock;
    private final String owner;
    private final Duration duration;

    TaskLease(LauncherTaskStore tasks, Clock clock, String owner, Duration duration) {
        this.tasks = tasks;
        this.clock = clock;
        this.owner = owner;
        this.duration = duration;
    }

    /** The task, now held here, to run or attach to; empty when there is nothing to do here. */
    Optional<Task> claim(String taskId) {
        Optional<Task> found = tasks.find(taskId);
        if (found.isEmpty()) {
            LOG.warn("job request for unknown task {}; dropped", taskId);
            return Optional.empty();
        }
        if (!TaskStatus.CANCELLABLE.contains(found.get().status())) {
            LOG.info("task {} is {}: nothing to run", taskId, found.get().status());
            return Optional.empty();
        }
        Optional<Task> claimed = tasks.claim(taskId, owner, clock.instant(), end());
        if (claimed.isEmpty()) {
            Task now = tasks.find(taskId).orElse(found.get());
            LOG.info(
                    "task {} is {}, held by launcher {} until {}: not run here",
                    taskId,
                    now.status(),
                    now.leaseOwner(),
                    now.leaseUntil());
            return Optional.empty();
        }
        if (found.get().status() == TaskStatus.IN_PROGRESS) {
            LOG.info(
                    "task {}: lease of launcher {} expired at {}; taken over",
                    taskId,
                    found.get().leaseOwner(),
                    found.get().leaseUntil());
        }
        return claimed;
    }

    /** The renewals of one claimed task, due at a third of the term (two may fail in a row). */
    Renewal renewal(Task task) {
        return new Renewal(task);
    }

    /** This launcher's name in the leases it holds. */
    String owner() {
        return owner;
    }

    /**
     * Renews the task's lease now: true when it is still held here, so for a whole term nobody else
     * can take it over (and files may be touched).
     */
    boolean renewNow(String taskId) {
        return tasks.renew(taskId, owner, end());
    }

    /** A launcher that stops hands its task back: the lease ends now, the sweep requests it. */
    void release(String taskId) {
        try {
            if (tasks.renew(taskId, owner, clock.instant())) {
                LOG.info("stopping: task {} handed back (its lease ends now)", taskId);
            }
        } catch (RuntimeException e) {
            LOG.warn("stopping: task {} stays leased until its lease runs out", taskId);
        }
    }

    /** Whether {@code now}, a fresh read of a task, is in progress under another launcher. */
    private boolean heldElsewhere(Optional<Task> now) {
        return now.isPresent()
                && now.get().status() == TaskStatus.IN_PROGRESS
                && !owner.equals(now.get().leaseOwner());
    }

    private Instant end() {
        return clock.instant().plus(duration);
    }

    /** Renews one task's lease when due and says whether this launcher should go on with it. */
    final class Renewal {
        private final Task task;
        private final Duration every = duration.dividedBy(3);
        private Instant next;

        private Renewal(Task task) {
            this.task = task;
            this.next = clock.instant().plus(every);
        }

        /**
         * False once the task is another launcher's (its new holder decides about the job and the
         * files); true while it is held here, and for a cancelled task, whose job the caller then
         * cancels.
         */
        boolean keep() {
            if (clock.instant().isBefore(next)) {
                return true;
            }
            next = clock.instant().plus(every);
            return tasks.renew(task.id(), owner, end()) || stillMine();
        }

        private boolean stillMine() {
            Optional<Task> now = tasks.find(task.id());
            if (heldElsewhere(now)) {
                LOG.warn(
                        "task {}: lease lost to launcher {}; no longer followed here",
                        task.id(),
                        now.get().leaseOwner());
                return false;
            }
            // held here, cancelled, finished or removed: the cancel check handles a cancelled job
            return now.isPresent()
                    && (now.get().status() == TaskStatus.IN_PROGRESS
                            || now.get().status() == TaskStatus.CANCELLED);
        }
    }
}

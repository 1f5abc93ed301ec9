package dev.playcount.gateway.task;

/**
 * Where tasks are recorded, in every role at once. Every status change is one atomic conditional
 * update, so several gateways and launchers can share one store. Implementations throw {@link
 * UnavailableException} when the store does not answer.
 */
public interface TaskRepository
        extends ApiTaskStore,
                LauncherTaskStore,
                OutboxTaskStore,
                CleanupTaskStore,
                SweepTaskStore {}

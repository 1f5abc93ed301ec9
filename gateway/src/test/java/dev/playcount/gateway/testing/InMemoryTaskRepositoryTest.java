package dev.playcount.gateway.testing;

import dev.playcount.gateway.task.TaskRepository;

/** The fake keeps the task store's contract. */
class InMemoryTaskRepositoryTest extends TaskRepositoryContract {

    private final InMemoryTaskRepository repository = new InMemoryTaskRepository();

    @Override
    protected TaskRepository repository() {
        return repository;
    }
}

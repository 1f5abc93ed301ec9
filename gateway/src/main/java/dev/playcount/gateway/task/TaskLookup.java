package dev.playcount.gateway.task;

import java.util.Optional;

/** Finds one task in the store; every role of the store needs it. */
public interface TaskLookup {

    Optional<Task> find(String id);
}

package dev.playcount.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.testing.InMemoryJobQueue;
import dev.playcount.gateway.testing.InMemoryTaskRepository;
import dev.playcount.gateway.testing.ManualClock;
import dev.playcount.gateway.testing.Tasks;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueRelayTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryTaskRepository tasks = new InMemoryTaskRepository();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final QueueRelay relay = new QueueRelay(tasks, queue, clock, SETTLE);

    private Task unconfirmed(Duration age) {
        return tasks.put(Tasks.queued().createdAt(NOW.minus(age)).build());
    }

    @Test
    void publishesUnconfirmedRequestsOldestFirstAndMarksThemQueued() {
        Task newer = unconfirmed(Duration.ofSeconds(10));
        Task older = unconfirmed(Duration.ofMinutes(1));
        Task running =
                tasks.put(
                        Tasks.from(unconfirmed(Duration.ofMinutes(2)))
                                .status(TaskStatus.IN_PROGRESS)
                                .build());

        assertThat(relay.relayOnce()).isEqualTo(3);

        assertThat(queue.published())
                .containsExactly(
                        new JobRequest(running.id()),
                        new JobRequest(older.id()),
                        new JobRequest(newer.id()));
        assertThat(tasks.all()).allMatch(Task::queued);
    }

    @Test
    void leavesConfirmedFinishedAndStillSettlingTasksAlone() {
        tasks.put(Tasks.queued().createdAt(NOW.minusSeconds(60)).queued(true).build());
        tasks.put(
                Tasks.queued()
                        .createdAt(NOW.minusSeconds(60))
                        .status(TaskStatus.CANCELLED)
                        .build());
        // its upload may still be publishing the request itself
        Task settling = unconfirmed(Duration.ofSeconds(2));

        assertThat(relay.relayOnce()).isZero();

        assertThat(queue.published()).isEmpty();
        assertThat(tasks.get(settling.id()).queued()).isFalse();
    }

    @Test
    void aBrokerThatIsAwayStopsTheRunAndMarksNothing() {
        Task task = unconfirmed(Duration.ofMinutes(1));
        queue.away(true);

        assertThat(relay.relayOnce()).isZero();

        assertThat(tasks.get(task.id()).queued()).isFalse();
    }

    @Test
    void aBrokerLostHalfwayKeepsWhatItConfirmed() {
        Task first = unconfirmed(Duration.ofMinutes(2));
        Task second = unconfirmed(Duration.ofMinutes(1));
        queue.confirmOnly(1);

        assertThat(relay.relayOnce()).isEqualTo(1);

        assertThat(queue.published()).containsExactly(new JobRequest(first.id()));
        assertThat(tasks.get(first.id()).queued()).isTrue();
        assertThat(tasks.get(second.id()).queued()).isFalse();

        queue.away(false);
        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(tasks.get(second.id()).queued()).isTrue();
    }

    @Test
    void aStoreThatIsAwayIsRetriedAtTheNextRun() {
        unconfirmed(Duration.ofMinutes(1));
        tasks.unavailable(true);

        relay.run(); // logs and returns: the schedule must keep running

        tasks.unavailable(false);
        relay.run();
        assertThat(queue.published()).hasSize(1);
    }
}

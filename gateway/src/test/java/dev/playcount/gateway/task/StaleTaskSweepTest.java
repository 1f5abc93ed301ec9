package dev.playcount.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.testing.InMemoryJobQueue;
import dev.playcount.gateway.testing.InMemoryTaskRepository;
import dev.playcount.gateway.testing.ManualClock;
import dev.playcount.gateway.testing.Tasks;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StaleTaskSweepTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(5);

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryTaskRepository tasks = new InMemoryTaskRepository();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final StaleTaskSweep sweep = new StaleTaskSweep(tasks, queue, clock, GRACE);

    private Task queued(Duration age) {
        return tasks.put(Tasks.queued().queued(true).createdAt(NOW.minus(age)).build());
    }

    private Task running(Instant leaseUntil) {
        return tasks.put(
                Tasks.queued()
                        .queued(true)
                        .createdAt(NOW.minusSeconds(3600))
                        .status(TaskStatus.IN_PROGRESS)
                        .lease("launcher-b", leaseUntil)
                        .build());
    }

    @Test
    void requestsAgainOldQueuedTasksAndTasksWhoseLeaseExpired() {
        Task waiting = queued(Duration.ofMinutes(6));
        Task abandoned = running(NOW.minusSeconds(1));

        assertThat(sweep.sweepOnce()).isEqualTo(2);

        assertThat(queue.published())
                .containsExactlyInAnyOrder(
                        new JobRequest(waiting.id()), new JobRequest(abandoned.id()));
        assertThat(tasks.get(waiting.id()).requestedAt()).isEqualTo(NOW);
    }

    @Test
    void leavesFreshQueuedTasksLiveLeasesAndFinishedTasksAlone() {
        queued(Duration.ofMinutes(4));
        running(NOW.plusSeconds(30));
        tasks.put(
                Tasks.queued()
                        .createdAt(NOW.minusSeconds(3600))
                        .status(TaskStatus.COMPLETED)
                        .build());

        assertThat(sweep.sweepOnce()).isZero();
        assertThat(queue.published()).isEmpty();
    }

    @Test
    void aTaskRequestedAgainIsNotRequestedOnceMoreWithinTheGrace() {
        queued(Duration.ofMinutes(6));
        assertThat(sweep.sweepOnce()).isEqualTo(1);

        clock.advance(GRACE.minusSeconds(1));
        assertThat(sweep.sweepOnce()).isZero();

        clock.advance(Duration.ofSeconds(2));
        assertThat(sweep.sweepOnce()).isEqualTo(1);
        assertThat(queue.published()).hasSize(2);
    }

    @Test
    void aBrokerThatIsAwayLeavesTheTaskForTheNextSweep() {
        Task waiting = queued(Duration.ofMinutes(6));
        queue.away(true);

        assertThat(sweep.sweepOnce()).isZero();
        assertThat(tasks.get(waiting.id()).requestedAt()).isNull();

        queue.away(false);
        assertThat(sweep.sweepOnce()).isEqualTo(1);
    }
}

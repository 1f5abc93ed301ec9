package dev.playcount.gateway.task;

import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.INPUT;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.REJECTS;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.REJECTS_STAGING;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.RESULT;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.RESULT_STAGING;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.testing.InMemoryFileStore;
import dev.playcount.gateway.testing.InMemoryTaskRepository;
import dev.playcount.gateway.testing.ManualClock;
import dev.playcount.gateway.testing.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CleanupTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TTL = Duration.ofHours(24);
    private static final Duration GRACE = Duration.ofHours(1);

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryTaskRepository tasks = new InMemoryTaskRepository();
    private final InMemoryFileStore files = new InMemoryFileStore(clock);
    private final Cleanup cleanup = new Cleanup(tasks, files, clock, TTL, GRACE);

    private Task finished(TaskStatus status, Duration ago, InMemoryFileStore.Kind... kinds) {
        Task task = tasks.put(Tasks.queued().status(status).finishedAt(NOW.minus(ago)).build());
        for (InMemoryFileStore.Kind kind : kinds) {
            files.put(kind, task.id(), NOW.minus(ago));
        }
        return task;
    }

    @Test
    void recordsGoTheirTtlAfterTheResultExpiredOrWouldHave() throws Exception {
        Duration recordTtl = Duration.ofDays(30);
        Cleanup withRecords = new Cleanup(tasks, files, clock, TTL, GRACE, recordTtl);
        Duration longAgo = TTL.plus(recordTtl).plusMinutes(1);
        // an EXPIRED task put in here counts as expired when it finished
        Duration notYet = recordTtl.minusMinutes(1);
        Task expired = finished(TaskStatus.EXPIRED, longAgo, INPUT);
        Task failed = finished(TaskStatus.FAILED, longAgo, INPUT);
        Task cancelled = finished(TaskStatus.CANCELLED, longAgo);
        Task recent = finished(TaskStatus.EXPIRED, notYet, INPUT);
        // a result nobody expired yet (no cleanup ran for a month) expires now: its record stays
        Task downloaded = finished(TaskStatus.DOWNLOADED, longAgo, RESULT);

        Cleanup.Report report = withRecords.runOnce();

        assertThat(report.removedRecords()).isEqualTo(3);
        for (Task gone : List.of(expired, failed, cancelled)) {
            assertThat(tasks.find(gone.id())).as(gone.status().name()).isEmpty();
            assertThat(files.filesOf(gone.id())).isEmpty();
        }
        assertThat(tasks.find(recent.id())).isPresent();
        assertThat(tasks.get(downloaded.id()).status()).isEqualTo(TaskStatus.EXPIRED);

        clock.advance(Duration.ofMinutes(2));
        Cleanup.Report later = withRecords.runOnce();
        assertThat(later.removedRecords()).isEqualTo(1);
        assertThat(tasks.find(recent.id())).isEmpty();
        assertThat(tasks.find(downloaded.id())).isPresent();
    }

    @Test
    void resultsOlderThanTheTtlExpireWithAllTheirFiles() throws Exception {
        Task old = finished(TaskStatus.DOWNLOADED, Duration.ofHours(25), INPUT, RESULT, REJECTS);
        Task fresh = finished(TaskStatus.COMPLETED, Duration.ofHours(23), RESULT);

        Cleanup.Report report = cleanup.runOnce();

        assertThat(tasks.get(old.id()).status()).isEqualTo(TaskStatus.EXPIRED);
        assertThat(tasks.get(old.id()).inputDeleted()).isTrue();
        assertThat(files.filesOf(old.id())).isEmpty();
        assertThat(tasks.get(fresh.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(files.filesOf(fresh.id())).containsExactly(RESULT);
        assertThat(report.expiredTasks()).isEqualTo(1);
    }

    @Test
    void finishedTasksLoseTheirInputAndCancelledOnesEverything() throws Exception {
        Task completed = finished(TaskStatus.COMPLETED, Duration.ofMinutes(1), INPUT, RESULT);
        Task failed = finished(TaskStatus.FAILED, Duration.ofMinutes(1), INPUT);
        Task cancelled =
                finished(TaskStatus.CANCELLED, Duration.ofMinutes(1), INPUT, RESULT_STAGING);
        Task running = tasks.put(Tasks.queued().status(TaskStatus.IN_PROGRESS).build());
        files.put(INPUT, running.id(), NOW);

        Cleanup.Report report = cleanup.runOnce();

        assertThat(files.filesOf(completed.id())).containsExactly(RESULT);
        assertThat(files.filesOf(failed.id())).isEmpty();
        assertThat(files.filesOf(cancelled.id())).isEmpty();
        assertThat(files.filesOf(running.id())).containsExactly(INPUT);
        assertThat(tasks.get(completed.id()).inputDeleted()).isTrue();
        assertThat(tasks.get(running.id()).inputDeleted()).isFalse();
        assertThat(report.deletedInputs()).isEqualTo(3);
        assertThat(cleanup.runOnce().deletedInputs()).isZero();
    }

    @Test
    void staleOrphansAndAbandonedUploadsGoLiveOnesStay() throws Exception {
        String orphan = UUID.randomUUID().toString();
        String abandoned = UUID.randomUUID().toString();
        String arriving = UUID.randomUUID().toString();
        String young = UUID.randomUUID().toString();
        files.put(RESULT, orphan, NOW.minus(Duration.ofHours(2)));
        files.put(UPLOAD, abandoned, NOW.minus(Duration.ofHours(2)));
        files.put(UPLOAD, arriving, NOW.minusSeconds(3));
        files.put(INPUT, young, NOW.minusSeconds(3)); // its task is being recorded
        Task owned = tasks.put(Tasks.queued().build());
        files.put(INPUT, owned.id(), NOW.minus(Duration.ofHours(2)));

        Cleanup.Report report = cleanup.runOnce();

        assertThat(files.filesOf(orphan)).isEmpty();
        assertThat(files.filesOf(abandoned)).isEmpty();
        assertThat(files.filesOf(arriving)).containsExactly(UPLOAD);
        assertThat(files.filesOf(young)).containsExactly(INPUT);
        assertThat(files.filesOf(owned.id())).containsExactly(INPUT);
        assertThat(report.orphanFiles()).isEqualTo(2);
    }

    @Test
    void aStoreThatIsAwayIsRetriedAtTheNextRun() {
        Task old = finished(TaskStatus.COMPLETED, Duration.ofDays(2), RESULT);
        tasks.unavailable(true);

        cleanup.run(); // logs and returns: the schedule must keep running

        tasks.unavailable(false);
        cleanup.run();
        assertThat(tasks.get(old.id()).status()).isEqualTo(TaskStatus.EXPIRED);
    }

    @Test
    void finishedTasksLoseTheirStagingFoldersAndTheirResultStays() throws Exception {
        Task completed =
                finished(
                        TaskStatus.COMPLETED, Duration.ofMinutes(1), INPUT, RESULT, RESULT_STAGING);
        Task failed =
                finished(
                        TaskStatus.FAILED,
                        Duration.ofMinutes(1),
                        INPUT,
                        RESULT_STAGING,
                        REJECTS_STAGING);
        Task running = tasks.put(Tasks.queued().status(TaskStatus.IN_PROGRESS).build());
        files.put(INPUT, running.id(), NOW);
        files.put(RESULT_STAGING, running.id(), NOW.minus(Duration.ofHours(2)));
        String orphan = java.util.UUID.randomUUID().toString();
        files.put(RESULT_STAGING, orphan, NOW.minus(Duration.ofHours(2)));

        cleanup.runOnce();

        assertThat(files.filesOf(completed.id())).containsExactly(RESULT);
        assertThat(files.filesOf(failed.id())).isEmpty();
        assertThat(files.filesOf(running.id())).containsExactlyInAnyOrder(INPUT, RESULT_STAGING);
        assertThat(files.filesOf(orphan)).isEmpty();
    }

    @Test
    void stagingFoldersNoRunningTaskWritesGoOnceUntouchedForTheGrace() throws Exception {
        Duration old = Duration.ofHours(2);
        // each finished task's input is gone already: its folder appeared after the last cleanup
        Task cancelled = finished(TaskStatus.CANCELLED, old, RESULT_STAGING, REJECTS_STAGING);
        Task failed = finished(TaskStatus.FAILED, old, RESULT_STAGING);
        Task completed = finished(TaskStatus.COMPLETED, old, RESULT, RESULT_STAGING);
        Task stillWriting = finished(TaskStatus.CANCELLED, Duration.ofSeconds(3), RESULT_STAGING);
        for (Task task : List.of(cancelled, failed, completed, stillWriting)) {
            tasks.put(Tasks.from(task).inputDeleted(true).build());
        }
        Task queued = tasks.put(Tasks.queued().build()); // to be run again: an earlier try's folder
        Task running = tasks.put(Tasks.queued().status(TaskStatus.IN_PROGRESS).build());
        files.put(RESULT_STAGING, queued.id(), NOW.minus(old));
        files.put(REJECTS_STAGING, running.id(), NOW.minus(old));
        String gone = UUID.randomUUID().toString();
        files.put(RESULT_STAGING, gone, NOW.minus(old));

        Cleanup.Report report = cleanup.runOnce();

        assertThat(files.filesOf(cancelled.id())).isEmpty();
        assertThat(files.filesOf(failed.id())).isEmpty();
        assertThat(files.filesOf(completed.id())).containsExactly(RESULT);
        assertThat(files.filesOf(stillWriting.id())).containsExactly(RESULT_STAGING);
        assertThat(files.filesOf(queued.id())).containsExactly(RESULT_STAGING);
        assertThat(files.filesOf(running.id())).containsExactly(REJECTS_STAGING);
        assertThat(files.filesOf(gone)).isEmpty();
        assertThat(report.orphanFiles()).isEqualTo(5);
        assertThat(report.deletedInputs()).isZero();

        clock.advance(GRACE);
        cleanup.runOnce();
        assertThat(files.filesOf(stillWriting.id())).isEmpty();
        assertThat(files.filesOf(queued.id())).containsExactly(RESULT_STAGING);
        assertThat(files.filesOf(running.id())).containsExactly(REJECTS_STAGING);
    }
}

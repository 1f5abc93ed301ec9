package dev.playcount.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.gateway.task.DuplicateIdempotencyKeyException;
import dev.playcount.gateway.task.InputFile;
import dev.playcount.gateway.task.Phase;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskPage;
import dev.playcount.gateway.task.TaskQuery;
import dev.playcount.gateway.task.TaskRepository;
import dev.playcount.gateway.task.TaskStatus;
import dev.playcount.gateway.task.TaskUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every task store does, run against the MongoDB adapter and the in-memory fake alike, so the
 * unit tests' fake behaves as production does: each transition applies only from the statuses it
 * names.
 */
public abstract class TaskRepositoryContract {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected abstract TaskRepository repository();

    private Task insert(Tasks task) {
        Task t = task.build();
        repository().insert(t);
        return t;
    }

    private Task inStatus(TaskStatus status) {
        return insert(Tasks.queued().status(status).finishedAt(T0));
    }

    private TaskStatus statusOf(Task task) {
        return repository().find(task.id()).orElseThrow().status();
    }

    @Test
    void aTaskReadsBackAsItWasWritten() {
        Task task = insert(Tasks.queued().owner("key-a").idempotencyKey("k1"));

        assertThat(repository().find(task.id())).contains(task);
        assertThat(repository().exists(task.id())).isTrue();
        assertThat(repository().exists("0f8fad5b-d9cb-469f-a165-70867728950e")).isFalse();
    }

    @Test
    void anUploadStillArrivingIsCompletedOnceOrRemovedWhileIncomplete() {
        InputFile arriving = new InputFile("plays.csv", 0, null);
        Task task = insert(Tasks.queued().input(arriving).progress(Progress.UPLOADING));
        assertThat(repository().find(task.id()).orElseThrow().uploading()).isTrue();

        InputFile arrived =
                new InputFile("plays.csv", 1234, "sha-of-it", "gzip", 321, "sha-of-the-gzip");
        Task done = repository().uploadComplete(task.id(), arrived).orElseThrow();

        assertThat(done.input()).isEqualTo(arrived);
        assertThat(done.progress()).as("no longer uploading").isEqualTo(Progress.NONE);
        assertThat(repository().find(task.id()).orElseThrow().progress()).isEqualTo(Progress.NONE);
        assertThat(repository().find(task.id()).orElseThrow().input()).isEqualTo(done.input());
        assertThat(repository().uploadComplete(task.id(), new InputFile("plays.csv", 1, "other")))
                .as("once")
                .isEmpty();
        assertThat(repository().removeIncompleteUpload(task.id()))
                .as("a complete upload's task stays")
                .isFalse();
        assertThat(repository().exists(task.id())).isTrue();

        Task broken = insert(Tasks.queued().status(TaskStatus.IN_PROGRESS).input(arriving));
        assertThat(repository().removeIncompleteUpload(broken.id())).isTrue();
        assertThat(repository().exists(broken.id())).isFalse();
        assertThat(repository().uploadComplete(broken.id(), new InputFile("plays.csv", 1, "x")))
                .isEmpty();
    }

    @Test
    void anIdempotencyKeyIsUniquePerOwner() {
        Task first = insert(Tasks.queued().owner("key-a").idempotencyKey("k1"));
        insert(Tasks.queued().owner("key-b").idempotencyKey("k1"));
        insert(Tasks.queued().owner("key-a")); // tasks without a key never collide
        insert(Tasks.queued().owner("key-a"));

        assertThatThrownBy(() -> insert(Tasks.queued().owner("key-a").idempotencyKey("k1")))
                .isInstanceOf(DuplicateIdempotencyKeyException.class);
        assertThat(repository().findByIdempotencyKey("key-a", "k1")).contains(first);
        assertThat(repository().findByIdempotencyKey("key-c", "k1")).isEmpty();
    }

    @Test
    void onlyAQueuedTaskStarts() {
        Task task = inStatus(TaskStatus.QUEUED);

        Task started = repository().start(task.id(), T0).orElseThrow();

        assertThat(started.status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(started.startedAt()).isEqualTo(T0);
        assertThat(repository().start(task.id(), T0)).isEmpty();
    }

    @Test
    void theJobAndProgressAreWrittenOnlyWhileInProgress() {
        Task running = inStatus(TaskStatus.IN_PROGRESS);
        Task cancelled = inStatus(TaskStatus.CANCELLED);
        Progress progress = new Progress(40, Phase.SUMMING, 20, 5, 500);

        for (Task task : List.of(running, cancelled)) {
            repository().recordJob(task.id(), "job-1", "http://dashboard/job-1");
            repository().progress(task.id(), progress);
        }

        Task after = repository().find(running.id()).orElseThrow();
        assertThat(after.flinkJobId()).isEqualTo("job-1");
        assertThat(after.dashboardUrl()).isEqualTo("http://dashboard/job-1");
        assertThat(after.progress()).isEqualTo(progress);
        assertThat(repository().find(cancelled.id())).contains(cancelled);
    }

    private Task heldBy(String owner) {
        return insert(Tasks.queued().status(TaskStatus.IN_PROGRESS).lease(owner, T0));
    }

    @Test
    void onlyARunningTaskCompletesAndOnlyForItsHolder() {
        Task running = heldBy("a");
        Task cancelled = inStatus(TaskStatus.CANCELLED);
        Progress done = Progress.completed(10, 1_000);

        // a launcher whose task was taken over records nothing over the new holder's run
        assertThat(repository().complete(running.id(), "b", Tasks.receipt(10), done, T0)).isFalse();
        assertThat(statusOf(running)).isEqualTo(TaskStatus.IN_PROGRESS);
        // the lease ran out (T0) but nobody took it over: its holder still records the outcome
        assertThat(repository().complete(running.id(), "a", Tasks.receipt(10), done, T0)).isTrue();
        assertThat(repository().complete(cancelled.id(), "a", Tasks.receipt(10), done, T0))
                .isFalse();

        Task after = repository().find(running.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(after.receipt()).isEqualTo(Tasks.receipt(10));
        assertThat(after.rowsRead()).isEqualTo(10);
        assertThat(after.rowsWritten()).isEqualTo(10);
        assertThat(after.invalidRows()).isZero();
        assertThat(after.progress()).isEqualTo(done);
        assertThat(after.finishedAt()).isEqualTo(T0);
        assertThat(statusOf(cancelled)).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void onlyARunningTaskFailsAndOnlyForItsHolder() {
        List<TaskError> errors = List.of(new TaskError("invalid_row", "line 3: bad", 3L));
        Task running = heldBy("a");
        Task cancelled = heldBy("a");
        Task completed = inStatus(TaskStatus.COMPLETED);
        Task queued = inStatus(TaskStatus.QUEUED);

        assertThat(repository().fail(running.id(), "b", errors, T0)).isFalse();
        assertThat(repository().fail(running.id(), "a", errors, T0)).isTrue();
        assertThat(repository().find(running.id()).orElseThrow().errors()).isEqualTo(errors);
        assertThat(repository().cancel(cancelled.id(), T0).map(Task::status))
                .contains(TaskStatus.CANCELLED);
        assertThat(repository().fail(cancelled.id(), "a", errors, T0)).isFalse();
        assertThat(repository().cancel(completed.id(), T0)).isEmpty();
        assertThat(repository().fail(completed.id(), "a", errors, T0)).isFalse();
        assertThat(repository().fail(queued.id(), "a", errors, T0)).isFalse();
        assertThat(statusOf(running)).isEqualTo(TaskStatus.FAILED);
        assertThat(statusOf(cancelled)).isEqualTo(TaskStatus.CANCELLED);
        assertThat(statusOf(completed)).isEqualTo(TaskStatus.COMPLETED);
        assertThat(statusOf(queued)).isEqualTo(TaskStatus.QUEUED);
    }

    @Test
    void onlyACompletedTaskBecomesDownloaded() {
        Task completed = inStatus(TaskStatus.COMPLETED);
        Task expired = inStatus(TaskStatus.EXPIRED);

        repository().markDownloaded(completed.id());
        repository().markDownloaded(expired.id());

        assertThat(statusOf(completed)).isEqualTo(TaskStatus.DOWNLOADED);
        assertThat(statusOf(expired)).isEqualTo(TaskStatus.EXPIRED);
    }

    @Test
    void theOutboxListsUnfinishedUnconfirmedTasksOldestFirst() {
        Task newer = insert(Tasks.queued().createdAt(T0.minusSeconds(10)));
        Task older = insert(Tasks.queued().createdAt(T0.minusSeconds(20)));
        insert(Tasks.queued().createdAt(T0.minusSeconds(30)).queued(true));
        insert(Tasks.queued().createdAt(T0.minusSeconds(30)).status(TaskStatus.FAILED));
        insert(Tasks.queued().createdAt(T0));

        assertThat(repository().unqueued(T0, 10)).containsExactly(older, newer);
        assertThat(repository().unqueued(T0, 1)).containsExactly(older);

        repository().markQueued(older.id());
        assertThat(repository().unqueued(T0, 10)).containsExactly(newer);
        assertThat(repository().unmarkQueued()).isEqualTo(2);
        assertThat(repository().unqueued(T0, 10)).hasSize(3);
    }

    @Test
    void expiryClaimsOneOldResultAtATime() {
        Task old =
                insert(
                        Tasks.queued()
                                .status(TaskStatus.DOWNLOADED)
                                .finishedAt(T0.minusSeconds(60)));
        insert(Tasks.queued().status(TaskStatus.COMPLETED).finishedAt(T0));
        insert(Tasks.queued().status(TaskStatus.FAILED).finishedAt(T0.minusSeconds(60)));

        assertThat(repository().expireOne(T0, T0).map(Task::id)).contains(old.id());
        assertThat(statusOf(old)).isEqualTo(TaskStatus.EXPIRED);
        assertThat(repository().expireOne(T0, T0)).isEmpty();
    }

    @Test
    void onlyOverTasksWhoseInputIsDeletedLoseTheirRecordsAndOnlyPastTheirCutOff() {
        Task failed =
                insert(Tasks.queued().status(TaskStatus.FAILED).finishedAt(T0.minusSeconds(60)));
        Task cancelled =
                insert(Tasks.queued().status(TaskStatus.CANCELLED).finishedAt(T0.minusSeconds(60)));
        Task failedLater = insert(Tasks.queued().status(TaskStatus.FAILED).finishedAt(T0));
        Task withInput =
                insert(Tasks.queued().status(TaskStatus.FAILED).finishedAt(T0.minusSeconds(60)));
        Task downloaded =
                insert(
                        Tasks.queued()
                                .status(TaskStatus.DOWNLOADED)
                                .finishedAt(T0.minusSeconds(60)));
        for (Task t : List.of(failed, cancelled, failedLater, downloaded)) {
            repository().markInputDeleted(t.id());
        }

        assertThat(repository().removeRecords(T0, T0)).isEqualTo(2);

        assertThat(repository().find(failed.id())).isEmpty();
        assertThat(repository().find(cancelled.id())).isEmpty();
        assertThat(repository().find(failedLater.id())).isPresent();
        assertThat(repository().find(withInput.id())).isPresent();
        assertThat(repository().find(downloaded.id())).isPresent();
    }

    @Test
    void finishedTasksWithInputAreListedUntilTheirInputIsDeleted() {
        Task failed = inStatus(TaskStatus.FAILED);
        inStatus(TaskStatus.IN_PROGRESS);

        assertThat(repository().finishedWithInput(10)).containsExactly(failed);
        repository().markInputDeleted(failed.id());
        assertThat(repository().finishedWithInput(10)).isEmpty();
    }

    @Test
    void onlyAQueuedOrRunningTaskIsUnfinished() {
        for (TaskStatus status : TaskStatus.values()) {
            Task task = inStatus(status);
            assertThat(repository().unfinished(task.id()))
                    .as(status.name())
                    .isEqualTo(status == TaskStatus.QUEUED || status == TaskStatus.IN_PROGRESS);
        }
        assertThat(repository().unfinished("0f8fad5b-d9cb-469f-a165-70867728950e")).isFalse();
    }

    @Test
    void listsNewestFirstByOwnerAndStatusInPages() {
        Task a1 = insert(Tasks.queued().owner("key-a").createdAt(T0));
        Task a2 = insert(Tasks.queued().owner("key-a").createdAt(T0.plus(Duration.ofSeconds(1))));
        Task a3 =
                insert(
                        Tasks.queued()
                                .owner("key-a")
                                .status(TaskStatus.FAILED)
                                .createdAt(T0.plus(Duration.ofSeconds(2))));
        insert(Tasks.queued().owner("key-b").createdAt(T0));

        TaskPage first = repository().list(new TaskQuery("key-a", null, 1, 2));
        TaskPage second = repository().list(new TaskQuery("key-a", null, 2, 2));
        TaskPage queued = repository().list(new TaskQuery("key-a", TaskStatus.QUEUED, 1, 20));

        assertThat(first.tasks()).containsExactly(a3, a2);
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.hasNext()).isTrue();
        assertThat(second.tasks()).containsExactly(a1);
        assertThat(queued.tasks()).containsExactly(a2, a1);
        assertThat(repository().list(new TaskQuery("", null, 1, 20)).total()).isEqualTo(4);
        assertThat(repository().countByStatus())
                .containsEntry(TaskStatus.QUEUED, 3L)
                .containsEntry(TaskStatus.FAILED, 1L)
                .containsEntry(TaskStatus.EXPIRED, 0L);
    }

    @Test
    void noRunningTaskReservesNothing() {
        inStatus(TaskStatus.COMPLETED);
        assertThat(repository().runningInputBytes()).isZero();
    }

    @Test
    void usageCountsRunningTasksAndTheBytesKeptPerOwner() {
        for (TaskStatus status : TaskStatus.values()) {
            insert(Tasks.queued().owner("key-a").status(status)); // inputs of 1000 bytes
        }
        insert(Tasks.queued().owner("key-b"));

        assertThat(repository().usage("key-a")).isEqualTo(new TaskUsage(2, 2_000, 4_000));
        assertThat(repository().usage("key-b")).isEqualTo(new TaskUsage(1, 1_000, 1_000));
        assertThat(repository().usage("")).isEqualTo(new TaskUsage(3, 3_000, 5_000));
        assertThat(repository().usage("key-c")).isEqualTo(new TaskUsage(0, 0, 0));
        assertThat(repository().runningInputBytes()).isEqualTo(3_000);
    }

    @Test
    void aClaimStartsAQueuedTaskUnderALease() {
        Task task = inStatus(TaskStatus.QUEUED);

        Task claimed = repository().claim(task.id(), "a", T0, T0.plusSeconds(60)).orElseThrow();

        assertThat(claimed.status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(claimed.startedAt()).isEqualTo(T0);
        assertThat(claimed.leaseOwner()).isEqualTo("a");
        assertThat(claimed.leaseUntil()).isEqualTo(T0.plusSeconds(60));
        assertThat(repository().find(task.id())).contains(claimed);
    }

    @Test
    void aLiveLeaseIsTakenOverByNobodyElseAnExpiredOneByOneLauncher() {
        Task task = inStatus(TaskStatus.QUEUED);
        repository().claim(task.id(), "a", T0, T0.plusSeconds(60));

        assertThat(repository().claim(task.id(), "b", T0.plusSeconds(59), T0.plusSeconds(119)))
                .isEmpty();
        // its own holder claims again (a request delivered again after a restart of its consumer)
        assertThat(repository().claim(task.id(), "a", T0.plusSeconds(1), T0.plusSeconds(61)))
                .isPresent();

        Instant later = T0.plusSeconds(62);
        Task taken = repository().claim(task.id(), "b", later, later.plusSeconds(60)).orElseThrow();
        assertThat(taken.leaseOwner()).isEqualTo("b");
        assertThat(taken.startedAt()).isEqualTo(T0);
        assertThat(repository().claim(task.id(), "c", later, later.plusSeconds(60))).isEmpty();
    }

    @Test
    void onlyTheHolderRenewsAndNoFinishedTaskIsClaimed() {
        Task task = inStatus(TaskStatus.QUEUED);
        repository().claim(task.id(), "a", T0, T0.plusSeconds(60));

        assertThat(repository().renew(task.id(), "a", T0.plusSeconds(90))).isTrue();
        assertThat(repository().renew(task.id(), "b", T0.plusSeconds(90))).isFalse();
        assertThat(repository().find(task.id()).orElseThrow().leaseUntil())
                .isEqualTo(T0.plusSeconds(90));

        Task done = inStatus(TaskStatus.COMPLETED);
        assertThat(repository().claim(done.id(), "a", T0, T0.plusSeconds(60))).isEmpty();
        assertThat(repository().renew(done.id(), "a", T0.plusSeconds(60))).isFalse();
    }

    @Test
    void staleTasksAreOldQueuedOnesAndExpiredLeasesNotRequestedSince() {
        Instant before = T0.minusSeconds(300);
        Task waiting = insert(Tasks.queued().createdAt(before.minusSeconds(1)));
        insert(Tasks.queued().createdAt(before.plusSeconds(1)));
        Task abandoned =
                insert(
                        Tasks.queued()
                                .createdAt(before.minusSeconds(10))
                                .status(TaskStatus.IN_PROGRESS)
                                .lease("a", T0.minusSeconds(1)));
        insert(
                Tasks.queued()
                        .createdAt(before.minusSeconds(20))
                        .status(TaskStatus.IN_PROGRESS)
                        .lease("a", T0.plusSeconds(1)));
        insert(Tasks.queued().createdAt(before.minusSeconds(30)).status(TaskStatus.FAILED));

        assertThat(repository().stale(before, T0, 10)).containsExactly(abandoned, waiting);

        repository().markRequested(waiting.id(), T0);
        assertThat(repository().stale(before, T0, 10)).containsExactly(abandoned);
        assertThat(repository().find(waiting.id()).orElseThrow().requestedAt()).isEqualTo(T0);
    }
}

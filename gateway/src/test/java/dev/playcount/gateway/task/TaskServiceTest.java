package dev.playcount.gateway.task;

import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.INPUT;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.RESULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.testing.InMemoryFileStore;
import dev.playcount.gateway.testing.InMemoryJobQueue;
import dev.playcount.gateway.testing.InMemoryTaskRepository;
import dev.playcount.gateway.testing.ManualClock;
import dev.playcount.gateway.testing.Tasks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");
    private static final byte[] CSV =
            "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n".getBytes(StandardCharsets.UTF_8);

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryTaskRepository tasks = new InMemoryTaskRepository();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final InMemoryFileStore files = new InMemoryFileStore(clock);
    private final TaskService service = new TaskService(tasks, queue, files, files, clock);

    private static Upload upload(String key) {
        return new Upload(
                "plays.csv", new ByteArrayInputStream(CSV), -1, InvalidRowPolicy.SKIP, key);
    }

    private Task accept(String owner, String key) {
        return service.accept(owner, upload(key), n -> {});
    }

    @Test
    void acceptStoresTheInputRecordsTheTaskAndQueuesItsJob() {
        List<Long> stored = new ArrayList<>();

        Task task = service.accept("key-a", upload("k1"), stored::add);

        assertThat(task.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(task.queued()).isTrue();
        assertThat(task.owner()).isEqualTo("key-a");
        assertThat(task.invalidRowPolicy()).isEqualTo(InvalidRowPolicy.SKIP);
        assertThat(task.idempotencyKey()).isEqualTo("k1");
        assertThat(task.createdAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123Z"));
        assertThat(task.input())
                .isEqualTo(new InputFile("plays.csv", CSV.length, InMemoryFileStore.digest(CSV)));
        assertThat(stored).containsExactly((long) CSV.length);
        assertThat(tasks.get(task.id())).isEqualTo(task);
        assertThat(queue.published()).containsExactly(new JobRequest(task.id()));
        assertThat(files.filesOf(task.id())).containsExactly(INPUT);
    }

    @Test
    void aBrokerThatIsAwayLeavesTheTaskForTheRelay() {
        queue.away(true);

        Task task = accept("", null);

        assertThat(task.queued()).isFalse();
        assertThat(tasks.get(task.id()).queued()).isFalse();
        assertThat(tasks.get(task.id()).status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(queue.published()).isEmpty();
        assertThat(files.has(INPUT, task.id())).isTrue();
    }

    @Test
    void aRefusedUploadLeavesNoTaskAndNoFile() {
        files.failWrites(InMemoryFileStore.badHeader());

        assertThatThrownBy(() -> accept("", null))
                .isInstanceOf(BadRequestException.class)
                .extracting(e -> ((BadRequestException) e).code())
                .isEqualTo("invalid_header");
        assertThat(tasks.all()).isEmpty();
        assertThat(files.isEmpty()).isTrue();
        assertThat(queue.published()).isEmpty();
    }

    @Test
    void anUploadThatCannotBeCommittedLeavesNoTaskAndNoFile() {
        files.failCommits(new IOException("rename failed"));

        assertThatThrownBy(() -> accept("", null))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot store the upload")
                .hasRootCauseMessage("rename failed");
        assertThat(tasks.all()).isEmpty();
        assertThat(files.isEmpty()).isTrue();
        assertThat(queue.published())
                .as("a request sent early names a task that is gone: the launcher drops it")
                .allSatisfy(r -> assertThat(tasks.find(r.taskId())).isEmpty());
    }

    @Test
    void aStoreThatIsAwayAtInsertLeavesNoFile() {
        tasks.unavailable(true);

        assertThatThrownBy(() -> accept("", null)).isInstanceOf(UnavailableException.class);
        tasks.unavailable(false);
        assertThat(tasks.all()).isEmpty();
        assertThat(files.isEmpty()).isTrue();
        assertThat(queue.published()).isEmpty();
    }

    @Test
    void aKeyRecordedMeanwhileAnswersWithTheFirstTaskAndDropsTheSecondUpload() {
        Task first = tasks.put(firstWithKey("k1", InMemoryFileStore.digest(CSV)));

        Task answer = accept("key-a", "k1");

        assertThat(answer).isEqualTo(first);
        assertThat(tasks.all()).containsExactly(first);
        assertThat(files.isEmpty()).isTrue();
        assertThat(queue.published()).isEmpty();
    }

    @Test
    void aKeyReusedWithAnotherFileIsRefusedAndDropsTheSecondUpload() {
        Task first = tasks.put(firstWithKey("k1", "sha-of-another-file"));

        assertThatThrownBy(() -> accept("key-a", "k1"))
                .isInstanceOfSatisfying(
                        IdempotencyKeyReusedException.class,
                        e -> assertThat(e.taskId()).isEqualTo(first.id()));
        assertThat(tasks.all()).containsExactly(first);
        assertThat(files.isEmpty()).isTrue();
        assertThat(queue.published()).isEmpty();
    }

    @Test
    void aKeyReusedWithTheSameFileButAnotherPolicyIsRefused() {
        tasks.put(
                Tasks.from(firstWithKey("k1", InMemoryFileStore.digest(CSV)))
                        .policy(InvalidRowPolicy.FAIL)
                        .build());

        assertThatThrownBy(() -> accept("key-a", "k1"))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(files.isEmpty()).isTrue();
    }

    @Test
    void aDuplicateKeyRaceWithAnotherFileIsRefusedToo() {
        Task first = firstWithKey("k1", "sha-of-another-file");
        // the first request recorded its task between this one's lookup and its insert
        tasks.failNextInsert(new DuplicateIdempotencyKeyException(null), first);

        assertThatThrownBy(() -> accept("key-a", "k1"))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(files.isEmpty()).isTrue();
        assertThat(queue.published()).isEmpty();
    }

    @Test
    void aRetryWhileTheFirstAttemptStillUploadsIsRefusedAndLeavesNothing() {
        Task first = tasks.put(firstWithKey("k1", null)); // its file is still arriving

        assertThatThrownBy(() -> accept("key-a", "k1"))
                .isInstanceOfSatisfying(
                        TaskStateException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("upload_in_progress");
                            assertThat(e.task().id()).isEqualTo(first.id());
                            assertThat(e.worthRetrying()).isTrue();
                        });
        assertThat(tasks.all()).containsExactly(first);
        assertThat(files.isEmpty()).isTrue();
        assertThat(queue.published()).isEmpty();
    }

    private static Task firstWithKey(String key, String sha256) {
        return Tasks.queued()
                .owner("key-a")
                .idempotencyKey(key)
                .policy(InvalidRowPolicy.SKIP)
                .input(new InputFile("first.csv", CSV.length, sha256))
                .build();
    }

    @Test
    void aDuplicateKeyWhoseFirstTaskIsGoneIsReported() {
        // the first task with the key was refused as a duplicate, then vanished before the lookup
        DuplicateIdempotencyKeyException duplicate = new DuplicateIdempotencyKeyException(null);
        tasks.failNextInsert(duplicate);

        assertThatThrownBy(() -> accept("key-a", "k1")).isSameAs(duplicate);
        assertThat(tasks.all()).isEmpty();
        assertThat(files.isEmpty()).isTrue();
        assertThat(queue.published()).isEmpty();
    }

    @Test
    void previousAttemptIsFoundByOwnerAndKeyOnly() {
        Task first = tasks.put(Tasks.queued().owner("key-a").idempotencyKey("k1").build());

        assertThat(service.previousAttempt("key-a", "k1")).contains(first);
        assertThat(service.previousAttempt("key-b", "k1")).isEmpty();
        assertThat(service.previousAttempt("key-a", "k2")).isEmpty();
        assertThat(service.previousAttempt("key-a", null)).isEmpty();
    }

    @Test
    void checkCanAcceptAsksTheStoreAndTheDisk() {
        service.checkCanAccept(100);

        files.full(true);
        assertThatThrownBy(() -> service.checkCanAccept(100))
                .isInstanceOf(StorageFullException.class);
        tasks.unavailable(true);
        assertThatThrownBy(() -> service.checkCanAccept(100))
                .isInstanceOf(UnavailableException.class);
    }

    @Test
    void aTaskIsVisibleToItsOwnerOrToAnyoneWhenTheApiIsOpen() {
        Task task = tasks.put(Tasks.queued().owner("key-a").build());

        assertThat(service.get("key-a", task.id())).isEqualTo(task);
        assertThat(service.get("", task.id())).isEqualTo(task);
        assertThatThrownBy(() -> service.get("key-b", task.id()))
                .isInstanceOf(TaskNotFoundException.class)
                .hasMessage("no task with id " + task.id());
        assertThatThrownBy(() -> service.get("key-a", "no-such-task"))
                .isInstanceOf(TaskNotFoundException.class);
    }

    @Test
    void listPassesTheQueryToTheStore() {
        Task mine = tasks.put(Tasks.queued().owner("key-a").build());
        tasks.put(Tasks.queued().owner("key-b").build());

        TaskPage page = service.list(new TaskQuery("key-a", null, 1, 20));

        assertThat(page.tasks()).containsExactly(mine);
        assertThat(page.total()).isEqualTo(1);
    }

    @Test
    void cancellingAQueuedTaskDeletesItsFilesNow() {
        Task task = accept("", null);

        Task cancelled = service.cancel("", task.id());

        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.finishedAt()).isEqualTo(NOW);
        assertThat(files.filesOf(task.id())).isEmpty();
    }

    @Test
    void cancellingARunningTaskLeavesItsFilesToTheLauncher() {
        Task task = tasks.put(Tasks.queued().status(TaskStatus.IN_PROGRESS).build());
        files.put(INPUT, task.id(), NOW);

        Task cancelled = service.cancel("", task.id());

        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(files.filesOf(task.id())).containsExactly(INPUT);
    }

    @Test
    void aFinishedTaskCannotBeCancelled() {
        Task task = tasks.put(Tasks.queued().status(TaskStatus.COMPLETED).build());
        files.put(RESULT, task.id(), NOW);

        assertThatThrownBy(() -> service.cancel("", task.id()))
                .isInstanceOfSatisfying(
                        TaskStateException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("not_cancellable");
                            assertThat(e.task().status()).isEqualTo(TaskStatus.COMPLETED);
                            assertThat(e.worthRetrying()).isFalse();
                        })
                .hasMessage("task is COMPLETED; only QUEUED or IN_PROGRESS tasks can be cancelled");
        assertThat(files.filesOf(task.id())).containsExactly(RESULT);
    }

    @Test
    void anotherOwnersTaskCannotBeCancelled() {
        Task task = tasks.put(Tasks.queued().owner("key-a").build());

        assertThatThrownBy(() -> service.cancel("key-b", task.id()))
                .isInstanceOf(TaskNotFoundException.class);
        assertThat(tasks.get(task.id()).status()).isEqualTo(TaskStatus.QUEUED);
    }

    @Test
    void aCompletedOrDownloadedResultCanBeDownloaded() {
        Task completed = tasks.put(Tasks.queued().status(TaskStatus.COMPLETED).build());
        Task downloaded = tasks.put(Tasks.queued().status(TaskStatus.DOWNLOADED).build());

        assertThat(service.readyForDownload("", completed.id())).isEqualTo(completed);
        assertThat(service.readyForDownload("", downloaded.id())).isEqualTo(downloaded);
        assertThat(service.resultFile(completed)).isEqualTo(files.result(completed.id()));
    }

    @Test
    void aResultNotReadyYetIsWorthAskingForAgain() {
        for (TaskStatus status : List.of(TaskStatus.QUEUED, TaskStatus.IN_PROGRESS)) {
            Task task = tasks.put(Tasks.queued().status(status).build());

            assertThatThrownBy(() -> service.readyForDownload("", task.id()))
                    .isInstanceOfSatisfying(
                            TaskStateException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo("not_ready");
                                assertThat(e.worthRetrying()).isTrue();
                                assertThat(e.expired()).isFalse();
                            })
                    .hasMessage("the result is not ready: task is " + status);
        }
    }

    @Test
    void aFailedOrCancelledTaskHasNoResult() {
        for (TaskStatus status : List.of(TaskStatus.FAILED, TaskStatus.CANCELLED)) {
            Task task = tasks.put(Tasks.queued().status(status).build());

            assertThatThrownBy(() -> service.readyForDownload("", task.id()))
                    .isInstanceOfSatisfying(
                            TaskStateException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo("no_result");
                                assertThat(e.worthRetrying()).isFalse();
                            })
                    .hasMessage("task is " + status + ": there is no result");
        }
    }

    @Test
    void anExpiredResultIsGone() {
        Task task = tasks.put(Tasks.queued().status(TaskStatus.EXPIRED).build());

        assertThatThrownBy(() -> service.readyForDownload("", task.id()))
                .isInstanceOfSatisfying(
                        TaskStateException.class,
                        e -> {
                            assertThat(e.expired()).isTrue();
                            assertThat(e.code()).isEqualTo("no_result");
                        })
                .hasMessage("the result has expired and was deleted");
    }

    @Test
    void rejectsExistOnlyForSkipTasksThatFinished() {
        Task failPolicy = tasks.put(Tasks.queued().status(TaskStatus.COMPLETED).build());
        Task running =
                tasks.put(
                        Tasks.queued()
                                .status(TaskStatus.IN_PROGRESS)
                                .policy(InvalidRowPolicy.SKIP)
                                .build());
        Task done =
                tasks.put(
                        Tasks.queued()
                                .status(TaskStatus.COMPLETED)
                                .policy(InvalidRowPolicy.SKIP)
                                .build());

        assertThatThrownBy(() -> service.readyForRejects("", failPolicy.id()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("no_rejects"))
                .hasMessageContaining("ran with invalidRows=fail");
        assertThatThrownBy(() -> service.readyForRejects("", running.id()))
                .isInstanceOfSatisfying(
                        TaskStateException.class, e -> assertThat(e.code()).isEqualTo("not_ready"))
                .hasMessage("the rejects file is not ready: task is IN_PROGRESS");
        assertThat(service.readyForRejects("", done.id())).isEqualTo(done);
        assertThat(service.rejectsFile(done)).isEqualTo(files.rejects(done.id()));
    }

    @Test
    void aCompletedTaskBecomesDownloadedOnce() {
        Task task = tasks.put(Tasks.queued().status(TaskStatus.COMPLETED).build());

        service.downloaded(task);
        assertThat(tasks.get(task.id()).status()).isEqualTo(TaskStatus.DOWNLOADED);

        // a task already DOWNLOADED (or expired meanwhile) is not written again
        Task expired = tasks.put(Tasks.from(task).status(TaskStatus.EXPIRED).build());
        service.downloaded(Tasks.from(expired).status(TaskStatus.DOWNLOADED).build());
        assertThat(tasks.get(task.id()).status()).isEqualTo(TaskStatus.EXPIRED);
    }

    @Test
    void quotasRefuseBeforeTheBodyAndStopAnUploadThatPassesThem() {
        TaskService limited =
                new TaskService(tasks, queue, files, files, clock, new Quotas(CSV.length, 1, 0));

        assertThatThrownBy(() -> limited.checkCanAccept("key-a", CSV.length + 200, CSV.length + 1))
                .isInstanceOfSatisfying(
                        QuotaExceededException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.UPLOAD_SIZE);
                            assertThat(e.getMessage()).contains("MAX_UPLOAD_SIZE");
                        });
        limited.checkCanAccept("key-a", CSV.length + 200, -1);
        limited.accept("key-a", upload(null), n -> {});

        assertThatThrownBy(() -> limited.checkCanAccept("key-a", -1, -1))
                .isInstanceOfSatisfying(
                        QuotaExceededException.class,
                        e -> {
                            assertThat(e.kind())
                                    .isEqualTo(QuotaExceededException.Kind.RUNNING_TASKS);
                            assertThat(e.getMessage()).contains("MAX_RUNNING_TASKS_PER_KEY");
                        });
        limited.checkCanAccept("key-b", -1, -1); // another key
        limited.checkCanAccept("", -1, -1); // without keys: no per-key quota

        byte[] bigger =
                (new String(CSV, StandardCharsets.UTF_8) + "Umbrella,2020-01-03,1\n")
                        .getBytes(StandardCharsets.UTF_8);
        Upload tooLarge =
                new Upload(
                        "plays.csv",
                        new ByteArrayInputStream(bigger),
                        -1,
                        InvalidRowPolicy.FAIL,
                        null);
        assertThatThrownBy(() -> limited.accept("key-b", tooLarge, n -> {}))
                .isInstanceOf(QuotaExceededException.class);
        assertThat(tasks.usage("key-b").running()).isZero();
    }

    @Test
    void storedBytesQuotaCountsKeptResultsPerKey() {
        TaskService limited =
                new TaskService(
                        tasks, queue, files, files, clock, new Quotas(0, 0, 2L * CSV.length));
        limited.accept("key-a", upload(null), n -> {});
        limited.accept("key-a", upload(null), n -> {});

        assertThatThrownBy(() -> limited.checkCanAccept("key-a", -1, -1))
                .isInstanceOfSatisfying(
                        QuotaExceededException.class,
                        e -> {
                            assertThat(e.kind())
                                    .isEqualTo(QuotaExceededException.Kind.STORED_BYTES);
                            assertThat(e.getMessage()).contains("MAX_STORED_BYTES_PER_KEY");
                        });
        assertThatThrownBy(() -> limited.accept("key-a", upload(null), n -> {}))
                .isInstanceOf(QuotaExceededException.class);
        assertThat(tasks.usage("key-a").running()).isEqualTo(2);
        limited.checkCanAccept("key-b", -1, -1);
    }
}

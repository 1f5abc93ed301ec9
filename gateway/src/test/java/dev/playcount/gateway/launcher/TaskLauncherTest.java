package dev.playcount.gateway.launcher;

import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.INPUT;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.RESULT;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.RESULT_STAGING;
import static dev.playcount.gateway.testing.TestingJobRunner.jobIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.gateway.task.JobOutcome;
import dev.playcount.gateway.task.JobState;
import dev.playcount.gateway.task.Phase;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskStatus;
import dev.playcount.gateway.testing.InMemoryFileStore;
import dev.playcount.gateway.testing.InMemoryTaskRepository;
import dev.playcount.gateway.testing.ManualClock;
import dev.playcount.gateway.testing.Tasks;
import dev.playcount.gateway.testing.TestingJobRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskLauncherTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryTaskRepository tasks = new InMemoryTaskRepository();
    private final InMemoryFileStore files = new InMemoryFileStore(clock);
    private final TestingJobRunner jobs = new TestingJobRunner();
    // no pause between polls, and progress asked at every poll: the loop runs as fast as it can
    private final TaskLauncher launcher =
            new TaskLauncher(
                    tasks,
                    jobs,
                    files,
                    clock,
                    Duration.ZERO,
                    Duration.ZERO,
                    ME,
                    LEASE,
                    new OutageTolerance(Duration.ofMinutes(5), clock, clock::advance));

    static final String ME = "launcher-a";
    static final String OTHER = "launcher-b";
    static final Duration LEASE = Duration.ofSeconds(60);

    /** How many times a launcher said it holds a task (the request is acknowledged then). */
    final AtomicInteger claims = new AtomicInteger();

    /** A QUEUED task with its input stored and a leftover staging folder of an earlier try. */
    private Task queuedTask() {
        Task task = tasks.put(Tasks.queued().queued(true).build());
        files.put(INPUT, task.id(), NOW);
        files.put(RESULT_STAGING, task.id(), NOW);
        return task;
    }

    private Task after(Task task) {
        return tasks.get(task.id());
    }

    private static Progress progress(double percent, Phase phase) {
        return new Progress(percent, phase, percent, 5, 500);
    }

    @Test
    void aQueuedTaskRunsToCompletedWithItsReceipt() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.RUNNING, JobState.FINISHED);
        jobs.onFinish(() -> files.put(RESULT, task.id(), NOW));

        launcher.run(task.id(), claims::incrementAndGet);

        Task done = after(task);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.startedAt()).isEqualTo(NOW);
        assertThat(done.finishedAt()).isEqualTo(NOW);
        assertThat(done.flinkJobId()).isEqualTo(jobIdOf(task.id()));
        assertThat(done.dashboardUrl()).isEqualTo(jobs.dashboardUrl(jobIdOf(task.id())));
        assertThat(done.receipt()).isEqualTo(Tasks.receipt(10));
        assertThat(done.rowsRead()).isEqualTo(10);
        assertThat(done.progress()).isEqualTo(Progress.completed(10, task.input().bytes()));
        assertThat(done.errors()).isEmpty();
        assertThat(jobs.started()).containsExactly(task.id());
        assertThat(jobs.cancelled()).isEmpty();
        assertThat(files.filesOf(task.id())).contains(INPUT, RESULT);
    }

    @Test
    void progressIsWrittenWhileTheJobRunsAndNeverMovesBack() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.RUNNING, JobState.FINISHED)
                .progress(progress(40, Phase.READING), progress(30, Phase.SUMMING));
        List<Progress> atFinish = new ArrayList<>();
        jobs.onFinish(() -> atFinish.add(after(task).progress()));

        launcher.run(task.id(), claims::incrementAndGet);

        // the second report is behind the first: its phase shows, the percent stays at 40
        assertThat(atFinish).containsExactly(new Progress(40, Phase.SUMMING, 30, 5, 500));
        assertThat(after(task).progress().percent()).isEqualTo(100);
    }

    @Test
    void aJobTheClusterNoLongerKnowsFailsAsJobLost() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.UNKNOWN);

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(after(task).errors())
                .containsExactly(
                        new TaskError(
                                "job_lost",
                                "the Flink cluster no longer knows job " + jobIdOf(task.id()),
                                null));
        assertThat(files.filesOf(task.id())).containsExactly(INPUT);
    }

    @Test
    void aJobThatCannotBeSubmittedFailsAsSubmitFailed() throws Exception {
        Task task = queuedTask();
        jobs.startFails(new IllegalStateException("the Flink cluster refused the job: no slots"));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(after(task).errors())
                .containsExactly(
                        new TaskError(
                                "submit_failed",
                                "the job could not start: the Flink cluster refused the job: no"
                                        + " slots",
                                null));
        assertThat(after(task).flinkJobId()).isNull();
        assertThat(files.filesOf(task.id())).containsExactly(INPUT);
    }

    @Test
    void theJobsOwnErrorIsRecorded() throws Exception {
        Task task = queuedTask();
        TaskError badRow = new TaskError("invalid_row", "line 3: Date is not a date", 3L);
        jobs.states(JobState.FAILED).outcome(JobOutcome.failed(badRow));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(after(task).errors()).containsExactly(badRow);
        assertThat(after(task).finishedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"receipt_mismatch", "publish_failed"})
    void aResultThatCannotBeVouchedForFailsTheTaskAndIsDeleted(String code) throws Exception {
        Task task = queuedTask();
        TaskError error = new TaskError(code, "the result was not published", null);
        jobs.states(JobState.FINISHED).outcome(JobOutcome.failed(error));
        jobs.onFinish(() -> files.put(RESULT, task.id(), NOW));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(after(task).errors()).containsExactly(error);
        assertThat(after(task).receipt()).isNull();
        assertThat(files.filesOf(task.id())).containsExactly(INPUT);
    }

    @Test
    void aJobCancelledOnTheClusterCancelsTheTaskAndDeletesItsFiles() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.CANCELED).outcome(JobOutcome.canceled());

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(files.filesOf(task.id())).isEmpty();
    }

    @Test
    void aCancelBetweenSubmitAndRecordCancelsTheJob() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING).onStart(() -> tasks.cancel(task.id(), NOW));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(jobs.cancelled()).containsExactly(jobIdOf(task.id()));
        assertThat(after(task).status()).isEqualTo(TaskStatus.CANCELLED);
        // a cancelled task's record is not written any more
        assertThat(after(task).flinkJobId()).isNull();
        assertThat(files.filesOf(task.id())).isEmpty();
    }

    @Test
    void aTaskDeletedFromTheStoreWhileItRunsHasItsJobCancelled() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING).onStart(() -> tasks.remove(task.id()));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(jobs.cancelled()).containsExactly(jobIdOf(task.id()));
        assertThat(tasks.find(task.id())).isEmpty();
        // only a task really CANCELLED has its files deleted here; cleanup removes orphans
        assertThat(files.filesOf(task.id())).contains(INPUT);
    }

    @Test
    void aCancelWhileTheJobFinishesWinsAndTheResultIsDeleted() throws Exception {
        Task task = queuedTask();
        jobs.onFinish(
                () -> {
                    files.put(RESULT, task.id(), NOW);
                    tasks.cancel(task.id(), NOW);
                });

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(after(task).receipt()).isNull();
        assertThat(files.filesOf(task.id())).isEmpty();
    }

    @Test
    void aCancelWhileTheJobFailsWinsAndTheFilesAreDeleted() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.FAILED)
                .outcome(JobOutcome.failed(new TaskError("job_failed", "boom", null)))
                .onFinish(() -> tasks.cancel(task.id(), NOW));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(after(task).errors()).isEmpty();
        assertThat(files.filesOf(task.id())).isEmpty();
    }

    @Test
    void aCancelDuringAFailedSubmissionWinsAndTheFilesAreDeleted() throws Exception {
        Task task = queuedTask();
        jobs.startFails(new IllegalStateException("refused"))
                .onStart(() -> tasks.cancel(task.id(), NOW));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(files.filesOf(task.id())).isEmpty();
    }

    @Test
    void aFailingTaskThatVanishedLeavesItsInputToTheOrphanCleanup() throws Exception {
        Task task = queuedTask();
        jobs.startFails(new IllegalStateException("refused"))
                .onStart(() -> tasks.remove(task.id()));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(files.filesOf(task.id())).containsExactly(INPUT);
    }

    /** A task IN_PROGRESS whose job another launcher follows too (a request sent again). */
    private Task followedElsewhere() {
        Task task = tasks.put(Tasks.queued().status(TaskStatus.IN_PROGRESS).startedAt(NOW).build());
        tasks.recordJob(task.id(), jobIdOf(task.id()), "http://dashboard");
        files.put(INPUT, task.id(), NOW);
        return task;
    }

    /** This launcher's lease runs out and another one takes the task over. */
    private void takenOverElsewhere(Task task) {
        clock.advance(LEASE.plusSeconds(1));
        tasks.claim(task.id(), OTHER, clock.instant(), clock.instant().plus(LEASE));
    }

    /** The other launcher takes the task over, publishes the result and completes it first. */
    private void completedElsewhere(Task task) {
        takenOverElsewhere(task);
        files.put(RESULT, task.id(), clock.instant());
        tasks.complete(
                task.id(), OTHER, Tasks.receipt(7), Progress.completed(7, 1_000), clock.instant());
    }

    @Test
    void aLauncherWhoseTaskWasTakenOverWhileItWaitedToSubmitDeletesNothing() throws Exception {
        Task task = queuedTask();
        // found by bench/faults: the lease ran out while the submit waited for the cluster, whose
        // job list did not show the finished job; the old code deleted the new holder's result
        jobs.onKnows(
                () -> {
                    if (!OTHER.equals(after(task).leaseOwner())) {
                        completedElsewhere(task);
                    }
                });

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(jobs.started()).isEmpty();
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(files.filesOf(task.id())).contains(INPUT, RESULT, RESULT_STAGING);
    }

    @Test
    void aLauncherWhoseTaskWasTakenOverRecordsNoOutcome() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.FINISHED)
                .onFinish(
                        () -> {
                            files.put(RESULT, task.id(), clock.instant());
                            takenOverElsewhere(task);
                        });

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(after(task).leaseOwner()).isEqualTo(OTHER);
        assertThat(files.filesOf(task.id())).contains(INPUT, RESULT);
    }

    @Test
    void aTaskAnotherLauncherCompletedFirstKeepsItsResult() throws Exception {
        Task task = followedElsewhere();
        jobs.onFinish(() -> completedElsewhere(task));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(after(task).receipt()).isEqualTo(Tasks.receipt(7));
        assertThat(files.filesOf(task.id())).contains(INPUT, RESULT);
    }

    @Test
    void aFailureSeenAfterAnotherLauncherCompletedTheTaskKeepsItsResult() throws Exception {
        Task task = followedElsewhere();
        jobs.outcome(JobOutcome.failed(new TaskError("publish_failed", "no staging", null)))
                .onFinish(() -> completedElsewhere(task));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(after(task).errors()).isEmpty();
        assertThat(files.filesOf(task.id())).contains(INPUT, RESULT);
    }

    @Test
    void aRunningTaskWhoseJobIsKnownIsFollowedAgainFromItsProgress() throws Exception {
        // a launcher that stopped while the job ran: the request comes again to another one
        Task task =
                tasks.put(
                        Tasks.queued()
                                .status(TaskStatus.IN_PROGRESS)
                                .startedAt(NOW.minusSeconds(60))
                                .flinkJob(null, null)
                                .progress(progress(50, Phase.SUMMING))
                                .build());
        tasks.recordJob(task.id(), jobIdOf(task.id()), "http://old-dashboard");
        jobs.states(JobState.RUNNING, JobState.FINISHED).progress(progress(20, Phase.SUMMING));
        List<Task> atFinish = new ArrayList<>();
        jobs.onFinish(() -> atFinish.add(after(task)));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(atFinish.get(0).dashboardUrl()).isEqualTo("http://old-dashboard");
        assertThat(atFinish.get(0).progress().percent()).isEqualTo(50);
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(after(task).startedAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void aRunningTaskWithoutARecordedJobGetsItsJobRecorded() throws Exception {
        // the launcher stopped between claiming the task and recording its job
        Task task = tasks.put(Tasks.queued().status(TaskStatus.IN_PROGRESS).build());
        List<Task> atFinish = new ArrayList<>();
        jobs.onFinish(() -> atFinish.add(after(task)));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(atFinish.get(0).flinkJobId()).isEqualTo(jobIdOf(task.id()));
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aRequestForAnUnknownTaskIsDropped() throws Exception {
        launcher.run("0f8fad5b-d9cb-469f-a165-70867728950e", claims::incrementAndGet);

        assertThat(jobs.started()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMPLETED", "DOWNLOADED", "FAILED", "CANCELLED", "EXPIRED"})
    void aFinishedTaskRunsNoJob(TaskStatus status) throws Exception {
        Task task = tasks.put(Tasks.queued().status(status).build());

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(jobs.started()).isEmpty();
        assertThat(after(task)).isEqualTo(task);
    }

    @Test
    void aTaskAnotherLauncherClaimedFirstIsLeftToIt() throws Exception {
        Task task = queuedTask();
        tasks.beforeNextStart(
                () -> tasks.claim(task.id(), "launcher-b", NOW.minusSeconds(1), NOW.plus(LEASE)));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(jobs.started()).isEmpty();
        assertThat(claims).hasValue(0);
        assertThat(after(task).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(after(task).leaseOwner()).isEqualTo("launcher-b");
        assertThat(files.has(RESULT_STAGING, task.id())).isTrue();
    }

    @Test
    void aTaskCancelledJustBeforeItsClaimRunsNoJob() throws Exception {
        Task task = queuedTask();
        tasks.beforeNextStart(() -> tasks.cancel(task.id(), NOW));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(jobs.started()).isEmpty();
        assertThat(after(task).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void aRequestDeliveredAgainWhileTheTaskRunsHereIsIgnored() throws Exception {
        Task task = queuedTask();
        List<Throwable> failures = new ArrayList<>();
        jobs.onStart(
                () -> {
                    try {
                        launcher.run(task.id(), claims::incrementAndGet);
                    } catch (Exception e) {
                        failures.add(e);
                    }
                });

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(failures).isEmpty();
        assertThat(jobs.started()).containsExactly(task.id());
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void anOutcomeThatCannotBeReadLeavesTheTaskForTheNextDelivery() throws Exception {
        Task task = queuedTask();
        jobs.finishFails(new IllegalStateException("the Flink cluster did not give the result"));

        assertThatThrownBy(() -> launcher.run(task.id(), claims::incrementAndGet))
                .hasMessage("the Flink cluster did not give the result");
        assertThat(after(task).status()).isEqualTo(TaskStatus.IN_PROGRESS);

        // the request comes again: the same launcher takes it (it no longer follows the task)
        jobs.finishFails(null);
        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(jobs.started()).containsExactly(task.id(), task.id());
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    /** A clock that moves 10 s at each reading: a job that runs for minutes, in milliseconds. */
    private TaskLauncher launcherOnTickingClock() {
        java.time.Clock ticking =
                new java.time.Clock() {
                    private Instant now = NOW;

                    @Override
                    public synchronized Instant instant() {
                        now = now.plusSeconds(10);
                        return now;
                    }

                    @Override
                    public java.time.ZoneId getZone() {
                        return java.time.ZoneOffset.UTC;
                    }

                    @Override
                    public java.time.Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }
                };
        return new TaskLauncher(
                tasks,
                jobs,
                files,
                ticking,
                Duration.ZERO,
                Duration.ZERO,
                ME,
                LEASE,
                new OutageTolerance(Duration.ofMinutes(5), ticking, d -> {}));
    }

    @Test
    void aClaimedTaskIsHeldUnderThisLaunchersLeaseAndTheRequestAcknowledgedBeforeTheJob()
            throws Exception {
        Task task = queuedTask();
        List<String> seenAtStart = new ArrayList<>();
        jobs.onStart(() -> seenAtStart.add(after(task).leaseOwner() + "/" + claims.get()));

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(seenAtStart).containsExactly(ME + "/1");
        assertThat(after(task).leaseUntil()).isEqualTo(NOW.plus(LEASE));
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aTaskWhoseLeaseExpiredIsTakenOverAndFinished() throws Exception {
        Task task =
                tasks.put(
                        Tasks.from(queuedTask())
                                .status(TaskStatus.IN_PROGRESS)
                                .startedAt(NOW.minusSeconds(300))
                                .lease("launcher-b", NOW.minusSeconds(1))
                                .build());

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(claims).hasValue(1);
        assertThat(jobs.started()).containsExactly(task.id());
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(after(task).leaseOwner()).isEqualTo(ME);
        assertThat(after(task).startedAt()).isEqualTo(NOW.minusSeconds(300));
    }

    @Test
    void aTaskAnotherLauncherStillHoldsIsNotTouched() throws Exception {
        Task task =
                tasks.put(
                        Tasks.from(queuedTask())
                                .status(TaskStatus.IN_PROGRESS)
                                .lease("launcher-b", NOW.plusSeconds(30))
                                .build());

        launcher.run(task.id(), claims::incrementAndGet);

        assertThat(claims).hasValue(0);
        assertThat(jobs.started()).isEmpty();
        assertThat(after(task)).isEqualTo(task);
        assertThat(files.filesOf(task.id())).contains(INPUT, RESULT_STAGING);
    }

    /** The job runs for {@code polls} state polls (minutes on the ticking clock), then ends. */
    private void runsForPolls(int polls) {
        JobState[] states = new JobState[polls];
        java.util.Arrays.fill(states, JobState.RUNNING);
        states[polls - 1] = JobState.FINISHED;
        jobs.states(states);
    }

    @Test
    void theLeaseIsRenewedWhileTheJobRuns() throws Exception {
        Task task = queuedTask();
        runsForPolls(30);

        launcherOnTickingClock().run(task.id(), claims::incrementAndGet);

        Task done = after(task);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        // claimed at NOW+10s with 60 s: without renewals it would end by NOW+70s
        assertThat(done.leaseUntil()).isAfter(NOW.plusSeconds(300));
    }

    @Test
    void aLauncherThatLostItsLeaseStopsFollowingAndTouchesNothing() throws Exception {
        Task task = queuedTask();
        runsForPolls(30);
        // the job writes into its staging folder, and another launcher took the task over
        // (this one was paused past its lease)
        jobs.onStart(
                () -> {
                    files.put(RESULT_STAGING, task.id(), NOW);
                    tasks.put(
                            Tasks.from(after(task))
                                    .lease("launcher-b", NOW.plusSeconds(3600))
                                    .build());
                });

        launcherOnTickingClock().run(task.id(), claims::incrementAndGet);

        assertThat(after(task).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(after(task).leaseOwner()).isEqualTo("launcher-b");
        assertThat(jobs.cancelled()).isEmpty();
        assertThat(files.filesOf(task.id())).contains(INPUT, RESULT_STAGING);
    }
}

package dev.playcount.gateway.launcher;

import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.INPUT;
import static dev.playcount.gateway.testing.InMemoryFileStore.Kind.RESULT;
import static dev.playcount.gateway.testing.TestingJobRunner.jobIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.task.JobState;
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
import org.junit.jupiter.api.Test;

/** The launcher and a Flink cluster that does not answer for a while, or forgets the job. */
class TaskLauncherOutageTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryTaskRepository tasks = new InMemoryTaskRepository();
    private final InMemoryFileStore files = new InMemoryFileStore(clock);
    private final TestingJobRunner jobs = new TestingJobRunner();
    // each pause moves the clock: minutes of outage pass in microseconds
    private final TaskLauncher launcher =
            launcher(new OutageTolerance(TOLERANCE, clock, clock::advance));

    private TaskLauncher launcher(OutageTolerance patience) {
        return new TaskLauncher(
                tasks,
                jobs,
                files,
                clock,
                Duration.ZERO,
                Duration.ZERO,
                "launcher-a",
                Duration.ofSeconds(60),
                patience);
    }

    private Task queuedTask() {
        Task task = tasks.put(Tasks.queued().queued(true).build());
        files.put(INPUT, task.id(), NOW);
        jobs.onFinish(() -> files.put(RESULT, task.id(), NOW));
        return task;
    }

    private Task after(Task task) {
        return tasks.get(task.id());
    }

    @Test
    void anUnansweredSubmitIsRetriedAndTheTaskCompletes() throws Exception {
        Task task = queuedTask();
        jobs.unanswered(3);

        launcher.run(task.id(), () -> {});

        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
        // every try goes through start(), which asks the cluster for the job before submitting
        assertThat(jobs.started()).hasSize(4).containsOnly(task.id());
        assertThat(after(task).flinkJobId()).isEqualTo(jobIdOf(task.id()));
    }

    @Test
    void anOutageWhileFollowingIsWaitedOutAndTheTaskCompletes() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.RUNNING, JobState.FINISHED)
                .onStart(() -> jobs.unanswered(20)); // the next state polls go unanswered

        launcher.run(task.id(), () -> {});

        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(Duration.between(NOW, clock.instant())).isLessThan(TOLERANCE);
        assertThat(jobs.cancelled()).isEmpty();
        assertThat(files.filesOf(task.id())).contains(RESULT);
    }

    @Test
    void aHolderWaitingOutAnOutageLongerThanItsLeaseKeepsItsTask() throws Exception {
        Task task = queuedTask();
        List<Boolean> takeovers = new ArrayList<>();
        // between the tries, another launcher tries to take the task over: the lease must hold
        TaskLauncher waiting =
                launcher(
                        new OutageTolerance(
                                TOLERANCE,
                                clock,
                                pause -> {
                                    clock.advance(pause);
                                    Instant now = clock.instant();
                                    takeovers.add(
                                            tasks.claim(
                                                            task.id(),
                                                            "launcher-b",
                                                            now,
                                                            now.plusSeconds(60))
                                                    .isPresent());
                                }));
        jobs.states(JobState.RUNNING, JobState.RUNNING, JobState.FINISHED)
                .onStart(() -> jobs.unanswered(20)); // about 4 minutes of unanswered polls

        waiting.run(task.id(), () -> {});

        assertThat(Duration.between(NOW, clock.instant())).isGreaterThan(Duration.ofMinutes(2));
        assertThat(takeovers).hasSize(20).containsOnly(false);
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void anOutageWhileReadingTheOutcomeIsWaitedOut() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.FINISHED);
        jobs.onFinish(
                () -> {
                    files.put(RESULT, task.id(), NOW);
                    if (clock.instant().equals(NOW)) {
                        jobs.unanswered(1); // the first finish() goes unanswered
                        clock.advance(Duration.ofMillis(1));
                    }
                });

        launcher.run(task.id(), () -> {});

        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void anOutageLongerThanTheToleranceFailsTheTaskAndCancelsItsJob() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING).onStart(() -> jobs.unanswered(1_000));

        launcher.run(task.id(), () -> {});

        Task failed = after(task);
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.errors())
                .containsExactly(
                        new TaskError(
                                "flink_unavailable",
                                "the Flink cluster did not answer for 5m (following job "
                                        + jobIdOf(task.id())
                                        + "): connection refused",
                                null));
        assertThat(Duration.between(NOW, clock.instant())).isEqualTo(TOLERANCE);
        assertThat(jobs.cancelled()).containsExactly(jobIdOf(task.id()));
        assertThat(files.filesOf(task.id())).containsExactly(INPUT);
    }

    @Test
    void aSubmitUnansweredPastTheToleranceFailsTheTask() throws Exception {
        Task task = queuedTask();
        jobs.unanswered(1_000);

        launcher.run(task.id(), () -> {});

        assertThat(after(task).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(after(task).errors().get(0).code()).isEqualTo("flink_unavailable");
        assertThat(after(task).errors().get(0).message())
                .startsWith("the Flink cluster did not answer for 5m (submitting task ");
        // it may have reached the cluster unanswered: a job that runs must not go on alone
        assertThat(jobs.cancelled()).containsExactly(jobIdOf(task.id()));
    }

    @Test
    void aJobForgottenByARestartedJobManagerIsSubmittedAgainUnderItsId() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.UNKNOWN, JobState.RUNNING, JobState.FINISHED);

        launcher.run(task.id(), () -> {});

        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(after(task).flinkJobId()).isEqualTo(jobIdOf(task.id()));
        assertThat(jobs.started()).containsExactly(task.id(), task.id());
    }

    @Test
    void aLostJobIsSubmittedAgainOnlyOnceTheTaskManagersReleasedItsSlots() throws Exception {
        // they would offer the lost job's slots to the new JobManager, whose tasks then fail
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.UNKNOWN, JobState.UNKNOWN, JobState.UNKNOWN)
                .slotsHeldFor(2);
        jobs.onStart(
                () -> {
                    if (jobs.started().size() == 2) {
                        jobs.states(JobState.RUNNING, JobState.FINISHED);
                    }
                });

        launcher.run(task.id(), () -> {});

        assertThat(jobs.slotQuestions()).isEqualTo(3);
        assertThat(jobs.started()).containsExactly(task.id(), task.id());
        assertThat(after(task).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void slotsHeldPastTheToleranceAreWaitedForNoLonger() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.UNKNOWN).slotsHeldFor(Integer.MAX_VALUE);
        jobs.onSlotQuestion(() -> clock.advance(Duration.ofMinutes(1)));

        launcher.run(task.id(), () -> {});

        // every wait ran out: submitted again twice, then job_lost
        assertThat(jobs.started()).hasSize(1 + LostJob.RESUBMITS);
        assertThat(after(task).errors().get(0).code()).isEqualTo("job_lost");
    }

    @Test
    void aJobForgottenAgainAndAgainFailsAsJobLost() throws Exception {
        Task task = queuedTask();
        jobs.states(JobState.RUNNING, JobState.UNKNOWN);

        launcher.run(task.id(), () -> {});

        assertThat(after(task).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(after(task).errors().get(0).code()).isEqualTo("job_lost");
        assertThat(jobs.started()).hasSize(1 + LostJob.RESUBMITS);
    }
}

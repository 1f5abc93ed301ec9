package dev.playcount.gateway.launcher;

import static dev.playcount.gateway.testing.TestingJobRunner.jobIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskStatus;
import dev.playcount.gateway.testing.InMemoryFileStore;
import dev.playcount.gateway.testing.InMemoryFileStore.Kind;
import dev.playcount.gateway.testing.InMemoryTaskRepository;
import dev.playcount.gateway.testing.Tasks;
import dev.playcount.gateway.testing.TestingJobRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StrayJobCancellerTest {

    private final InMemoryTaskRepository tasks = new InMemoryTaskRepository();
    private final TestingJobRunner jobs = new TestingJobRunner();
    private final InMemoryFileStore files = new InMemoryFileStore(Clock.systemUTC());
    private final StrayJobCanceller check = new StrayJobCanceller(tasks, jobs, files);

    private Task task(TaskStatus status) {
        return tasks.put(Tasks.queued().status(status).build());
    }

    @Test
    void theRunningJobOfACancelledTaskIsCancelled() {
        // cancelled through the API while no launcher followed the job
        Task cancelled = task(TaskStatus.CANCELLED);
        Task failed = task(TaskStatus.FAILED);
        jobs.running(jobIdOf(cancelled.id()), jobIdOf(failed.id()));

        check.run();

        assertThat(jobs.cancelled())
                .containsExactlyInAnyOrder(jobIdOf(cancelled.id()), jobIdOf(failed.id()));
    }

    @Test
    void jobsOfLiveTasksAndOfNoTaskAreLeftAlone() {
        Task running = task(TaskStatus.IN_PROGRESS);
        Task queued = task(TaskStatus.QUEUED);
        String someoneElses = UUID.randomUUID().toString().replace("-", "");
        jobs.running(jobIdOf(running.id()), jobIdOf(queued.id()), someoneElses, "not-a-job-id");

        check.run();

        assertThat(jobs.cancelled()).isEmpty();
    }

    @Test
    void aClusterThatDoesNotAnswerIsAskedAgainNextRound() {
        Task cancelled = task(TaskStatus.CANCELLED);
        jobs.running(jobIdOf(cancelled.id())).unanswered(1);

        check.run();
        assertThat(jobs.cancelled()).isEmpty();
        check.run();

        assertThat(jobs.cancelled()).containsExactly(jobIdOf(cancelled.id()));
    }

    @Test
    void aCancelledTasksFilesGoOnceItsCancelledJobHasEndedNotBefore() {
        Task cancelled = task(TaskStatus.CANCELLED);
        String jobId = jobIdOf(cancelled.id());
        files.put(Kind.INPUT, cancelled.id(), Instant.now());
        files.put(Kind.RESULT_STAGING, cancelled.id(), Instant.now());
        jobs.running(jobId);

        check.run();
        jobs.running(jobId); // the cancel takes a while: the job still reads and writes
        check.run();

        assertThat(files.filesOf(cancelled.id()))
                .containsExactlyInAnyOrder(Kind.INPUT, Kind.RESULT_STAGING);
        jobs.running(); // CANCELED now
        check.run();

        assertThat(files.filesOf(cancelled.id())).isEmpty();
    }

    @Test
    void aFailedTasksEndedJobLosesItsOutputsAndLeavesTheInputToTheCleanup() {
        Task failed = task(TaskStatus.FAILED);
        files.put(Kind.INPUT, failed.id(), Instant.now());
        files.put(Kind.RESULT_STAGING, failed.id(), Instant.now());
        jobs.running(jobIdOf(failed.id()));

        check.run();
        check.run();

        assertThat(files.filesOf(failed.id())).containsExactly(Kind.INPUT);
    }

    @Test
    void filesOfTasksWhoseJobsWereNotCancelledHereAreLeftToTheCleanup() {
        Task cancelled = task(TaskStatus.CANCELLED); // its job ended before any check saw it
        files.put(Kind.INPUT, cancelled.id(), Instant.now());

        check.run();
        check.run();

        assertThat(files.filesOf(cancelled.id())).containsExactly(Kind.INPUT);
    }

    @Test
    void aJobIdIsTheTaskIdsBits() {
        String id = UUID.randomUUID().toString();
        assertThat(StrayJobCanceller.taskOf(jobIdOf(id))).contains(id);
        assertThat(StrayJobCanceller.taskOf("xyz")).isEmpty();
    }
}

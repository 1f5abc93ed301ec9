package dev.playcount.gateway.launcher;

import static dev.playcount.gateway.testing.TestingJobRunner.jobIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskStatus;
import dev.playcount.gateway.testing.InMemoryTaskRepository;
import dev.playcount.gateway.testing.Tasks;
import dev.playcount.gateway.testing.TestingJobRunner;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StrayJobCancellerTest {

    private final InMemoryTaskRepository tasks = new InMemoryTaskRepository();
    private final TestingJobRunner jobs = new TestingJobRunner();
    private final StrayJobCanceller check = new StrayJobCanceller(tasks, jobs);

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
    void aJobIdIsTheTaskIdsBits() {
        String id = UUID.randomUUID().toString();
        assertThat(StrayJobCanceller.taskOf(jobIdOf(id))).contains(id);
        assertThat(StrayJobCanceller.taskOf("xyz")).isEmpty();
    }
}

package dev.playcount.gateway.testing;

import dev.playcount.gateway.task.ClusterUnavailableException;
import dev.playcount.gateway.task.JobOutcome;
import dev.playcount.gateway.task.JobRunner;
import dev.playcount.gateway.task.JobState;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A scripted Flink cluster. Each {@link #state} answers the next scripted state and then repeats
 * the last one; {@link #cancel} ends the job as CANCELED, as a cluster does. Hooks run inside
 * {@link #start} and {@link #finish}, so a test can make something happen at exactly that moment (a
 * cancel between submission and the job's record, say).
 */
public final class TestingJobRunner implements JobRunner {

    private final Deque<JobState> states = new ArrayDeque<>(List.of(JobState.FINISHED));
    private final Deque<Progress> progress = new ArrayDeque<>();
    private final List<String> started = new ArrayList<>();
    private final List<String> cancelled = new ArrayList<>();
    private JobOutcome outcome;
    private RuntimeException startFailure;
    private RuntimeException finishFailure;
    private Runnable onStart = () -> {};
    private Runnable onFinish = () -> {};
    private boolean ready = true;
    private final List<String> running = new ArrayList<>();
    private final Deque<RuntimeException> unanswered = new ArrayDeque<>();
    private int slotsHeldFor;
    private int slotQuestions;
    private Runnable onSlotQuestion = () -> {};
    private Runnable onKnows = () -> {};
    private final Set<String> known = new HashSet<>();

    /** The job id the runner gives a task: its UUID's hex digits, as Flink's job id is. */
    public static String jobIdOf(String taskId) {
        return taskId.replace("-", "");
    }

    /** The states the job goes through, one per {@link #state} call; the last one stays. */
    public synchronized TestingJobRunner states(JobState... script) {
        states.clear();
        states.addAll(List.of(script));
        return this;
    }

    /** The progress reports, one per {@link #progress} call; none once they are used up. */
    public TestingJobRunner progress(Progress... reports) {
        progress.addAll(List.of(reports));
        return this;
    }

    /** What {@link #finish} answers; a FINISHED outcome with a 10-row receipt by default. */
    public TestingJobRunner outcome(JobOutcome value) {
        outcome = value;
        return this;
    }

    public TestingJobRunner startFails(RuntimeException e) {
        startFailure = e;
        return this;
    }

    public TestingJobRunner finishFails(RuntimeException e) {
        finishFailure = e;
        return this;
    }

    /** Runs inside {@link #start}, before it answers (or fails, with {@link #startFails}). */
    public TestingJobRunner onStart(Runnable hook) {
        onStart = hook;
        return this;
    }

    /** Runs inside {@link #finish}, before the outcome is returned. */
    public TestingJobRunner onFinish(Runnable hook) {
        onFinish = hook;
        return this;
    }

    /** The cluster does not answer the next {@code calls} calls to start, state or finish. */
    public synchronized TestingJobRunner unanswered(int calls) {
        for (int i = 0; i < calls; i++) {
            unanswered.add(new ClusterUnavailableException("connection refused", null));
        }
        return this;
    }

    /** Jobs the cluster runs besides the scripted one, for {@link #runningJobs}. */
    public synchronized TestingJobRunner running(String... jobIds) {
        running.clear();
        running.addAll(List.of(jobIds));
        return this;
    }

    private synchronized void answerOrNot() {
        RuntimeException miss = unanswered.poll();
        if (miss != null) {
            throw miss;
        }
    }

    /** The next {@code calls} calls of {@link #slotsHeld} answer true (a lost job's slots). */
    public synchronized TestingJobRunner slotsHeldFor(int calls) {
        slotsHeldFor = calls;
        return this;
    }

    /** Runs inside every {@link #knows} call, before it answers. */
    public TestingJobRunner onKnows(Runnable hook) {
        onKnows = hook;
        return this;
    }

    /** Runs inside every {@link #slotsHeld} call (a test's clock moves on while it waits). */
    public TestingJobRunner onSlotQuestion(Runnable hook) {
        onSlotQuestion = hook;
        return this;
    }

    /** How often {@link #slotsHeld} was asked. */
    public synchronized int slotQuestions() {
        return slotQuestions;
    }

    public TestingJobRunner ready(boolean value) {
        ready = value;
        return this;
    }

    /** The task ids {@link #start} was called for, in order. */
    public synchronized List<String> started() {
        return List.copyOf(started);
    }

    /** The job ids {@link #cancel} was called for, in order. */
    public synchronized List<String> cancelled() {
        return List.copyOf(cancelled);
    }

    @Override
    public String start(Task task) {
        synchronized (this) {
            started.add(task.id());
            known.add(jobIdOf(task.id()));
        }
        answerOrNot();
        onStart.run();
        synchronized (this) {
            if (startFailure != null) {
                throw startFailure;
            }
        }
        return jobIdOf(task.id());
    }

    /** Known once started, until a state of UNKNOWN says the cluster forgot it. */
    @Override
    public boolean knows(String jobId) {
        onKnows.run();
        synchronized (this) {
            return known.contains(jobId);
        }
    }

    @Override
    public synchronized JobState state(String jobId) {
        answerOrNot();
        JobState state = states.size() > 1 ? states.poll() : states.peek();
        if (state == JobState.UNKNOWN) {
            known.remove(jobId);
        }
        return state;
    }

    @Override
    public synchronized Optional<Progress> progress(String jobId, long inputBytes) {
        return Optional.ofNullable(progress.poll());
    }

    @Override
    public JobOutcome finish(Task task, String jobId) {
        onFinish.run();
        answerOrNot();
        synchronized (this) {
            if (finishFailure != null) {
                throw finishFailure;
            }
            return outcome != null ? outcome : JobOutcome.finished(Tasks.receipt(10));
        }
    }

    @Override
    public synchronized List<String> runningJobs() {
        answerOrNot();
        return List.copyOf(running);
    }

    @Override
    public synchronized boolean slotsHeld(String jobId) {
        answerOrNot();
        onSlotQuestion.run();
        slotQuestions++;
        return slotsHeldFor-- > 0;
    }

    @Override
    public synchronized void cancel(String jobId) {
        cancelled.add(jobId);
        running.remove(jobId);
        states(JobState.CANCELED);
        outcome = JobOutcome.canceled();
    }

    @Override
    public String dashboardUrl(String jobId) {
        return "http://flink.test/#/job/running/" + jobId + "/overview";
    }

    @Override
    public synchronized boolean ready() {
        return ready;
    }
}

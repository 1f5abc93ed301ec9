package dev.playcount.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.task.JobRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobDispatcherTest {

    private static final String TASK = "0f8fad5b-d9cb-469f-a165-70867728950e";

    /** A delivery that notes what the dispatcher did with it. */
    private static class RecordingDelivery implements JobDispatcher.Delivery {
        final byte[] body;
        final List<String> done = new ArrayList<>();

        RecordingDelivery(byte[] body) {
            this.body = body;
        }

        RecordingDelivery(String body) {
            this(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public void ack() {
            done.add("ack");
        }

        @Override
        public void requeue() {
            done.add("requeue");
        }

        @Override
        public void deadLetter() {
            done.add("dead-letter");
        }
    }

    private static RecordingDelivery jobRequest() {
        return new RecordingDelivery(JobRequestJson.encode(new JobRequest(TASK)));
    }

    private final List<String> handled = new ArrayList<>();
    private final List<Runnable> workers = new ArrayList<>();

    /** Runs the handler on the test's thread, when the test says so. */
    private JobDispatcher dispatcher(Exception failure) {
        return new JobDispatcher(
                (taskId, claimed) -> {
                    handled.add(taskId);
                    if (failure != null) {
                        throw failure;
                    }
                },
                workers::add,
                Duration.ZERO,
                3);
    }

    private void runWorkers() {
        workers.forEach(Runnable::run);
        workers.clear();
    }

    @Test
    void aJobRequestIsAcknowledgedOnlyAfterItsHandlerReturned() throws IOException {
        RecordingDelivery delivery = jobRequest();

        dispatcher(null).dispatch(delivery);

        assertThat(delivery.done).isEmpty(); // still running on a worker
        runWorkers();
        assertThat(handled).containsExactly(TASK);
        assertThat(delivery.done).containsExactly("ack");
    }

    @Test
    void aHandlerThatFailsHasItsRequestRequeued() throws IOException {
        RecordingDelivery delivery = jobRequest();

        dispatcher(new IllegalStateException("store away")).dispatch(delivery);
        runWorkers();

        assertThat(handled).containsExactly(TASK);
        assertThat(delivery.done).containsExactly("requeue");
    }

    @Test
    void aStoppingLauncherLeavesItsRequestUnacknowledged() throws IOException {
        RecordingDelivery delivery = jobRequest();

        dispatcher(new InterruptedException()).dispatch(delivery);
        runWorkers();

        assertThat(delivery.done).isEmpty();
    }

    @Test
    void whatIsNotAJobRequestIsDeadLetteredWithoutRunningAnything() throws IOException {
        List<String> bodies =
                List.of(
                        "not json",
                        "",
                        "[]",
                        "{}",
                        "{\"taskId\":42}",
                        "{\"taskId\":\"../../etc/passwd\"}",
                        "{\"task\":\"" + TASK + "\"}");
        for (String body : bodies) {
            RecordingDelivery delivery = new RecordingDelivery(body);

            dispatcher(null).dispatch(delivery);

            assertThat(delivery.done).as(body).containsExactly("dead-letter");
        }
        assertThat(workers).isEmpty();
        assertThat(handled).isEmpty();
    }

    @Test
    void anAckThatFailsLeavesTheRequestToTheBroker() throws IOException {
        RecordingDelivery delivery =
                new RecordingDelivery(JobRequestJson.encode(new JobRequest(TASK))) {
                    @Override
                    public void ack() {
                        throw new IllegalStateException("channel closed");
                    }
                };

        dispatcher(null).dispatch(delivery);
        runWorkers();

        // the channel is gone: the broker delivers it again, and the task's state says what to do
        assertThat(delivery.done).isEmpty();
    }

    @Test
    void aRequestIsAcknowledgedOnceItsTaskIsClaimedNotWhenTheJobEnds() throws IOException {
        RecordingDelivery delivery = jobRequest();
        List<List<String>> seenWhileRunning = new ArrayList<>();
        JobDispatcher dispatcher =
                new JobDispatcher(
                        (taskId, claimed) -> {
                            claimed.run();
                            seenWhileRunning.add(List.copyOf(delivery.done));
                            claimed.run(); // a second call acknowledges nothing more
                        },
                        workers::add,
                        Duration.ZERO,
                        3);

        dispatcher.dispatch(delivery);
        runWorkers();

        assertThat(seenWhileRunning).containsExactly(List.of("ack"));
        assertThat(delivery.done).containsExactly("ack");
    }

    @Test
    void aClaimedTaskWhoseOutcomeFailsIsLeftToItsLease() throws IOException {
        RecordingDelivery delivery = jobRequest();
        JobDispatcher dispatcher =
                new JobDispatcher(
                        (taskId, claimed) -> {
                            claimed.run();
                            throw new IllegalStateException("the store went away");
                        },
                        workers::add,
                        Duration.ZERO,
                        3);

        dispatcher.dispatch(delivery);
        runWorkers();

        assertThat(delivery.done).containsExactly("ack");
    }

    @Test
    void aRequestThatFailsEveryTimeIsDeadLetteredAfterTheBoundedAttempts() throws IOException {
        JobDispatcher dispatcher = dispatcher(new IllegalStateException("always"));
        List<List<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordingDelivery delivery = jobRequest();
            dispatcher.dispatch(delivery);
            runWorkers();
            outcomes.add(delivery.done);
        }

        assertThat(outcomes)
                .containsExactly(List.of("requeue"), List.of("requeue"), List.of("dead-letter"));
        assertThat(handled).containsExactly(TASK, TASK, TASK);
    }
}

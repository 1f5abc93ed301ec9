package dev.playcount.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playcount.gateway.launcher.OutageTolerance;
import dev.playcount.gateway.launcher.TaskLauncher;
import dev.playcount.gateway.task.JobHandler;
import dev.playcount.gateway.task.JobRequest;
import dev.playcount.gateway.task.JobState;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskStatus;
import dev.playcount.gateway.testing.InMemoryFileStore;
import dev.playcount.gateway.testing.InMemoryTaskRepository;
import dev.playcount.gateway.testing.LogEvents;
import dev.playcount.gateway.testing.Rabbitmqctl;
import dev.playcount.gateway.testing.Tasks;
import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestingJobRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local RabbitMQ closing the consumer's connection or channel, caused by the broker itself
 * through {@code rabbitmqctl}: the consumer consumes again and nothing is lost. Skipped without a
 * local RabbitMQ (the embedded broker has no such controls).
 */
class BrokerClosesConsumerITCase {

    private static final String A = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private TestBroker broker;
    private final String queue = "playcount.test." + UUID.randomUUID();
    private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    private LogEvents consumerLog;

    @BeforeEach
    void start() {
        broker = TestBroker.rabbitMq();
        Rabbitmqctl.assumeAvailable();
        consumerLog = LogEvents.of(RabbitJobConsumer.class);
    }

    @AfterEach
    void stop() {
        if (consumerLog != null) {
            consumerLog.close();
        }
        if (broker != null) {
            broker.deleteQueue(queue);
            broker.close();
        }
    }

    private RabbitJobConsumer consumer(JobHandler handler) {
        RabbitJobConsumer consumer = new RabbitJobConsumer(broker.uri(), queue, 1, handler);
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(consumer::consuming);
        return consumer;
    }

    private void publish(String taskId) {
        try (RabbitJobQueue jobs = new RabbitJobQueue(broker.uri(), queue)) {
            jobs.publish(new JobRequest(taskId));
        }
    }

    private void awaitStoppedConsuming(String... why) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !consumerLog.containing(with("stopped consuming", why)).isEmpty());
    }

    private static String[] with(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void aConnectionTheBrokerClosedIsOpenedAgainAndTheNextRequestIsHandled() throws Exception {
        try (RabbitJobConsumer consumer = consumer((id, claimed) -> handled.add(id))) {
            Rabbitmqctl.closeConnectionConsuming(queue);

            awaitStoppedConsuming("connection lost", "closed by a test");
            await().atMost(Duration.ofSeconds(30)).until(consumer::consuming);
            publish(A);

            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo(A);
        }
    }

    @Test
    void aDeliveryLeftUnacknowledgedPastTheConsumerTimeoutIsDeliveredAgainAndHandled()
            throws Exception {
        CountDownLatch channelClosed = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        JobHandler holdsTheFirst =
                (id, claimed) -> {
                    handled.add(id);
                    if (calls.incrementAndGet() == 1) {
                        channelClosed.await(); // never says claimed: the delivery stays unacked
                    }
                };
        try (Rabbitmqctl.ConsumerTimeout timeout = Rabbitmqctl.consumerTimeout(TIMEOUT);
                RabbitJobConsumer consumer = consumer(holdsTheFirst)) {
            timeout.channelOpened();
            publish(A);
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo(A);
            long delivered = System.nanoTime();

            awaitStoppedConsuming("channel closed", "delivery acknowledgement", "timed out");
            Duration held = Duration.ofNanos(System.nanoTime() - delivered);
            channelClosed.countDown();

            // measured: the broker closes the channel once the timeout (and its next tick) passed
            assertThat(held).isBetween(TIMEOUT, TIMEOUT.plusSeconds(10));
            assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo(A);
            await().atMost(Duration.ofSeconds(30)).until(consumer::consuming);
        }
        assertThat(calls).hasValue(2);
        assertThat(broker.ready(queue)).as("acknowledged the second time").isZero();
    }

    @Test
    void aJobRunningPastTheConsumerTimeoutAfterItsClaimKeepsTheChannelAndCompletesOnce()
            throws Exception {
        InMemoryTaskRepository tasks = new InMemoryTaskRepository();
        TestingJobRunner jobs = new TestingJobRunner().states(JobState.RUNNING);
        Task task = tasks.put(Tasks.queued().id(A).queued(true).build());
        Clock clock = Clock.systemUTC();
        TaskLauncher launcher =
                new TaskLauncher(
                        tasks,
                        jobs,
                        new InMemoryFileStore(clock),
                        clock,
                        Duration.ofMillis(200),
                        "launcher-a",
                        Duration.ofSeconds(60),
                        OutageTolerance.sleeping(Duration.ofMinutes(1), clock));
        try (LogEvents launcherLog = LogEvents.ofPackage(TaskLauncher.class);
                Rabbitmqctl.ConsumerTimeout timeout = Rabbitmqctl.consumerTimeout(TIMEOUT);
                RabbitJobConsumer consumer = consumer(launcher::run)) {
            timeout.channelOpened();
            publish(task.id());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> tasks.get(A).status() == TaskStatus.IN_PROGRESS);

            // twice the timeout and more than a tick on top: an unacknowledged delivery would
            // have lost its channel by then, as the case above measures
            Duration pastTheTimeout = TIMEOUT.multipliedBy(2).plusSeconds(2);
            await().during(pastTheTimeout)
                    .atMost(pastTheTimeout.plusSeconds(5))
                    .until(consumer::consuming);
            jobs.states(JobState.FINISHED);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> tasks.get(A).status() == TaskStatus.COMPLETED);
            assertThat(jobs.started()).containsExactly(A);
            assertThat(consumerLog.containing("stopped consuming")).isEmpty();
            assertThat(launcherLog.containing("delivered again")).isEmpty();
            assertThat(launcherLog.containing(A, "COMPLETED")).hasSize(1);
        }
        assertThat(broker.ready(queue)).isZero();
    }
}

package dev.playcount.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskRateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void aKeyGetsItsBurstThenOneTokenPerSlice() {
        TaskRateLimit limit = new TaskRateLimit(0, 3, now::get);
        limit.take("key-a");
        limit.take("key-a");
        limit.take("key-a");

        assertThatThrownBy(() -> limit.take("key-a"))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(429);
                            assertThat(e.retryAfter()).isEqualTo("20");
                            assertThat(e.body().code()).isEqualTo("too_many_tasks");
                            assertThat(e.getMessage()).contains("TASKS_PER_MINUTE_PER_KEY");
                        });
        limit.take("key-b"); // another key has its own bucket

        now.addAndGet(20 * SECOND);
        limit.take("key-a");
        assertThatThrownBy(() -> limit.take("key-a")).isInstanceOf(LimitException.class);
    }

    @Test
    void theProcessBoundHoldsForEveryCallerWith503() {
        TaskRateLimit limit = new TaskRateLimit(2, 10, now::get);
        limit.take("key-a");
        limit.take("");

        assertThatThrownBy(() -> limit.take("key-b"))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(503);
                            assertThat(e.retryAfter()).isEqualTo("30");
                            assertThat(e.getMessage()).contains("TASKS_PER_MINUTE");
                        });
    }

    @Test
    void aTokenGivenBackCanBeTakenAgain() {
        TaskRateLimit limit = new TaskRateLimit(1, 1, now::get);
        limit.take("key-a");
        limit.giveBack("key-a");

        limit.take("key-a");
        assertThatThrownBy(() -> limit.take("key-a")).isInstanceOf(LimitException.class);
    }

    @Test
    void zeroMeansNoBound() {
        TaskRateLimit limit = new TaskRateLimit(0, 0, now::get);
        for (int i = 0; i < 1000; i++) {
            limit.take("key-a");
        }
    }
}

package dev.playcount.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.gateway.task.ClusterUnavailableException;
import dev.playcount.gateway.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutageToleranceTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<Duration> pauses = new ArrayList<>();
    private final OutageTolerance patience =
            new OutageTolerance(
                    Duration.ofMinutes(1),
                    clock,
                    d -> {
                        pauses.add(d);
                        clock.advance(d);
                    });

    private static ClusterUnavailableException refused() {
        return new ClusterUnavailableException("connection refused", null);
    }

    @Test
    void anAnsweredCallIsNotRetried() throws Exception {
        assertThat(patience.call("asking", () -> "answer")).isEqualTo("answer");
        assertThat(pauses).isEmpty();
    }

    @Test
    void anOutageShorterThanTheToleranceIsWaitedOutWithDoublingPauses() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        String answer =
                patience.call(
                        "asking",
                        () -> {
                            if (calls.incrementAndGet() <= 4) {
                                throw refused();
                            }
                            return "answer";
                        });

        assertThat(answer).isEqualTo("answer");
        assertThat(pauses)
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4));
    }

    @Test
    void pausesStopGrowingAtTheLongestPause() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        patience.call(
                "asking",
                () -> {
                    if (calls.incrementAndGet() <= 7) {
                        throw refused();
                    }
                    return "answer";
                });

        assertThat(pauses).last().isEqualTo(OutageTolerance.LONGEST_PAUSE);
        assertThat(pauses).allMatch(p -> p.compareTo(OutageTolerance.LONGEST_PAUSE) <= 0);
    }

    @Test
    void anOutageLongerThanTheToleranceEndsWithAClearReasonAtTheTolerance() {
        Instant start = clock.instant();

        assertThatThrownBy(
                        () ->
                                patience.call(
                                        "following job 42",
                                        () -> {
                                            throw refused();
                                        }))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessage(
                        "the Flink cluster did not answer for 1m (following job 42): connection"
                                + " refused");
        // the last pause is cut to what is left: the wait ends exactly at the tolerance
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aDefiniteAnswerIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(
                        () ->
                                patience.call(
                                        "submitting",
                                        () -> {
                                            calls.incrementAndGet();
                                            throw new IllegalStateException("refused: 400");
                                        }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void anInterruptedWaitStopsTheRetries() {
        OutageTolerance interrupted =
                new OutageTolerance(
                        Duration.ofMinutes(1),
                        clock,
                        d -> {
                            throw new InterruptedException();
                        });

        assertThatThrownBy(
                        () ->
                                interrupted.call(
                                        "asking",
                                        () -> {
                                            throw refused();
                                        }))
                .isInstanceOf(InterruptedException.class);
    }
}

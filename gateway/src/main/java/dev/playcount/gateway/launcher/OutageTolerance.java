package dev.playcount.gateway.launcher;

import dev.playcount.gateway.task.ClusterUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits out a Flink cluster that does not answer: a call that throws {@link
 * ClusterUnavailableException} is made again with a doubling pause until it answers or the
 * tolerance since its first unanswered try has passed. Any other error is a definite answer and
 * goes to the caller at once.
 */
public final class OutageTolerance {

    /** How the caller waits between tries (a test's moves its manual clock). */
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutageTolerance.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(15);

    private final Duration tolerance;
    private final Clock clock;
    private final Pause pause;

    public OutageTolerance(Duration tolerance, Clock clock, Pause pause) {
        this.tolerance = tolerance;
        this.clock = clock;
        this.pause = pause;
    }

    /** Waits with {@link Thread#sleep}. */
    public static OutageTolerance sleeping(Duration tolerance, Clock clock) {
        return new OutageTolerance(tolerance, clock, d -> Thread.sleep(d.toMillis()));
    }

    Duration tolerance() {
        return tolerance;
    }

    /**
     * The call's answer, waiting out an outage.
     *
     * @param doing what the call is for, for the log and the final error ("following job X")
     * @throws ClusterUnavailableException once the cluster has not answered for the tolerance
     */
    <T> T call(String doing, Supplier<T> call) throws InterruptedException {
        Instant firstMiss = null;
        Duration wait = FIRST_PAUSE;
        while (true) {
            try {
                T answer = call.get();
                if (firstMiss != null) {
                    LOG.info(
                            "the Flink cluster answers again ({}), after {}",
                            doing,
                            Duration.between(firstMiss, clock.instant()));
                }
                return answer;
            } catch (ClusterUnavailableException e) {
                Instant now = clock.instant();
                if (firstMiss == null) {
                    firstMiss = now;
                    LOG.warn(
                            "the Flink cluster did not answer ({}): waiting up to {} for it: {}",
                            doing,
                            tolerance,
                            e.getMessage());
                }
                Duration left = tolerance.minus(Duration.between(firstMiss, now));
                if (left.isNegative() || left.isZero()) {
                    throw new ClusterUnavailableException(
                            "the Flink cluster did not answer for "
                                    + describe(tolerance)
                                    + " ("
                                    + doing
                                    + "): "
                                    + e.getMessage(),
                            e);
                }
                pause.sleep(wait.compareTo(left) < 0 ? wait : left);
                wait = wait.multipliedBy(2);
                if (wait.compareTo(LONGEST_PAUSE) > 0) {
                    wait = LONGEST_PAUSE;
                }
            }
        }
    }

    private static String describe(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}

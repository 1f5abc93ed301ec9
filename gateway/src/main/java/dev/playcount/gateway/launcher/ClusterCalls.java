package dev.playcount.gateway.launcher;

import dev.playcount.gateway.task.ClusterUnavailableException;
import dev.playcount.pipeline.Failures;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.util.ExceptionUtils;

/**
 * How the launcher calls the Flink cluster: every call bounded by a timeout, errors in one line.
 */
final class ClusterCalls {

    static final long TIMEOUT_S = 30;

    private ClusterCalls() {}

    /**
     * Waits for a cluster call's answer.
     *
     * @throws ClusterUnavailableException when the cluster did not answer; IllegalStateException
     *     when it refused
     */
    static <T> T await(CompletableFuture<T> call) {
        try {
            return call.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            keepInterrupt(e);
            throw failure("the Flink cluster refused the call", e);
        }
    }

    /**
     * A failed call as the launcher weighs it: a {@link ClusterUnavailableException} when the
     * cluster did not answer (no HTTP answer at all: refused, reset, a timeout; or a 5xx, which a
     * JobManager that is starting or a proxy without its backend give), else a definite refusal.
     */
    static RuntimeException failure(String refused, Throwable e) {
        Optional<RestClientException> rest =
                ExceptionUtils.findThrowable(e, RestClientException.class);
        if (rest.isEmpty() || rest.get().getHttpResponseStatus().code() >= 500) {
            return new ClusterUnavailableException(
                    "the Flink cluster did not answer: " + brief(e), e);
        }
        int status = rest.get().getHttpResponseStatus().code();
        if (status == 401 || status == 403) {
            // a proxy's refusal is rarely Flink's JSON: say what to fix, not what it sent
            return new IllegalStateException(
                    "the Flink REST API refused the launcher's credential (HTTP "
                            + status
                            + "): check FLINK_REST_TOKEN or FLINK_REST_BASIC_AUTH",
                    e);
        }
        return new IllegalStateException(refused + ": " + brief(e), e);
    }

    /** A stopping launcher interrupts its threads: keep the flag for the loop that checks it. */
    static void keepInterrupt(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line for a person: a REST error's server-side exception, without its stack trace. */
    static String brief(Throwable e) {
        Optional<RestClientException> rest =
                ExceptionUtils.findThrowable(e, RestClientException.class);
        String message = rest.isPresent() ? rest.get().getMessage() : Failures.userMessage(e);
        String marker = "<Exception on server side:";
        int at = message == null ? -1 : message.indexOf(marker);
        if (at >= 0) {
            message = message.substring(at + marker.length()).strip();
        }
        message = message == null ? e.toString() : message.lines().findFirst().orElse(message);
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}

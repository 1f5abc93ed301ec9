package dev.playcount.pipeline;

import dev.playcount.core.error.PipelineException;
import java.util.Optional;
import org.apache.flink.util.SerializedThrowable;

/**
 * Recovers the typed error of a failed job, and finds the one line worth showing a user.
 *
 * <p>A job's failure reaches its client as a {@link SerializedThrowable}: the original exception's
 * bytes plus its class name and text. The error is core's {@link PipelineException}, so any class
 * loader that has pipeline-core (the CLI's, the launcher's) restores it with its code and line as
 * fields; nothing is parsed out of a message.
 */
public final class Failures {

    /** Far more than any real chain; stops a cycle of causes. */
    private static final int MAX_DEPTH = 64;

    private Failures() {}

    /** The pipeline's error in {@code failure}'s chain, with this class's loader. */
    public static Optional<PipelineException> find(Throwable failure) {
        return find(failure, Failures.class.getClassLoader());
    }

    /**
     * The pipeline's error in {@code failure}'s chain, restoring each serialized cause with {@code
     * loader} on the way.
     */
    public static Optional<PipelineException> find(Throwable failure, ClassLoader loader) {
        Throwable t = restored(failure, loader);
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            if (t instanceof PipelineException pipeline) {
                return Optional.of(pipeline);
            }
            t = restored(t.getCause(), loader);
        }
        return Optional.empty();
    }

    /** The original of a serialized throwable when {@code loader} has its class, else itself. */
    private static Throwable restored(Throwable t, ClassLoader loader) {
        return t instanceof SerializedThrowable serialized
                ? serialized.deserializeError(loader)
                : t;
    }

    /** The pipeline error's message, else the root cause's class and message. */
    public static String userMessage(Throwable failure) {
        Optional<PipelineException> pipeline = find(failure);
        if (pipeline.isPresent()) {
            return pipeline.get().getMessage();
        }
        ClassLoader loader = Failures.class.getClassLoader();
        Throwable root = restored(failure, loader);
        for (int depth = 0; root.getCause() != null && depth < MAX_DEPTH; depth++) {
            root = restored(root.getCause(), loader);
        }
        String name = root.getClass().getSimpleName();
        if (root instanceof SerializedThrowable serialized) {
            // a class this JVM does not have: name the original, not the wrapper
            String original = serialized.getOriginalErrorClassName();
            name = original.substring(original.lastIndexOf('.') + 1);
        }
        String message = root.getMessage();
        return name + (message == null ? "" : ": " + message);
    }
}

package dev.playcount.core.error;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells a full disk in a failure's chain of causes, so a run that ran out of space fails with
 * {@link ErrorCode#STORAGE_FULL} instead of a bare "IOException: No space left on device".
 *
 * <p>The chain is read by message because the JDK reports ENOSPC as a plain {@code IOException}
 * with the C library's text, and a Flink job's failure arrives as serialized throwables that keep
 * the original messages but not always the original classes.
 */
public final class StorageFull {

    /** Far more than any real chain; stops a cycle of causes. */
    private static final int MAX_DEPTH = 64;

    /** The C library's texts for ENOSPC and EDQUOT. */
    private static final String[] SIGNS = {"no space left on device", "disk quota exceeded"};

    private StorageFull() {}

    /** The storage-full error for {@code failure}, when a full disk is among its causes. */
    public static Optional<PipelineException> in(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            String message = t.getMessage();
            if (message != null && isFull(message.toLowerCase(Locale.ROOT))) {
                return Optional.of(error(t));
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return Optional.empty();
    }

    private static boolean isFull(String message) {
        for (String sign : SIGNS) {
            if (message.contains(sign)) {
                return true;
            }
        }
        return false;
    }

    private static PipelineException error(Throwable cause) {
        return new PipelineException(
                ErrorCode.STORAGE_FULL,
                "the result did not fit: the storage ran out of space while the job wrote it ("
                        + cause.getMessage()
                        + "); nothing was published",
                null,
                cause);
    }
}

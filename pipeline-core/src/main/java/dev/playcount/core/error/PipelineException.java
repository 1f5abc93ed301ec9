package dev.playcount.core.error;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure the user can act on: a stable code, the one line the CLI prints and the task records,
 * and for a bad row its 1-based line.
 *
 * <p>It crosses from a Flink job to the launcher as a serialized object inside the job's result, so
 * its fields are read back as data ({@link #find}) instead of being parsed out of a message.
 */
public class PipelineException extends RuntimeException {

    private static final long serialVersionUID = 2L;

    private final ErrorCode code;
    private final Long line;

    public PipelineException(ErrorCode code, String message, Long line, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
        this.line = line;
    }

    /** A failure with no row to point at ({@link ErrorCode#JOB_FAILED}). */
    public PipelineException(String message) {
        this(ErrorCode.JOB_FAILED, message, null, null);
    }

    /** The first invalid row under the {@code fail} policy. */
    public static PipelineException invalidRow(long line, String message) {
        return new PipelineException(ErrorCode.INVALID_ROW, message, line, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The 1-based line the failure is about, if any. */
    public Optional<Long> line() {
        return Optional.ofNullable(line);
    }

    /** The first of these in {@code failure}'s chain of causes. */
    public static Optional<PipelineException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PipelineException pipeline) {
                return Optional.of(pipeline);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}

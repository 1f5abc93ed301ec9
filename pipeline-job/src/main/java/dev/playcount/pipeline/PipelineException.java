package dev.playcount.pipeline;

/**
 * A failure the user can act on (bad input, overflow, bad option); its message is the one line the
 * CLI prints and the task records, with no stack trace.
 */
public class PipelineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Prefix that lets clients find this message inside a remote job's stringified stack trace. */
    public static final String MARKER = "playcount error: ";

    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String toString() {
        return MARKER + getMessage();
    }
}

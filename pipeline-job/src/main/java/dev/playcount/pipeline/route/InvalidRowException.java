package dev.playcount.pipeline.route;

import dev.playcount.pipeline.PipelineException;

/** The first invalid row of a run under the {@code fail} policy. */
public final class InvalidRowException extends PipelineException {

    private static final long serialVersionUID = 1L;

    public InvalidRowException(String message) {
        super(message);
    }
}

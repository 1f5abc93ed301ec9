package dev.playcount.pipeline.csv;

import dev.playcount.pipeline.PipelineException;

/** The header row cannot be used: a column is missing or repeated, or the file is not CSV. */
public final class InvalidHeaderException extends PipelineException {

    private static final long serialVersionUID = 1L;

    public InvalidHeaderException(String message) {
        super("invalid header: " + message);
    }
}

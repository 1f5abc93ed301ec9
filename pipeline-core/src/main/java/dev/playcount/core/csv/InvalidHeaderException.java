package dev.playcount.core.csv;

import dev.playcount.core.error.ErrorCode;
import dev.playcount.core.error.PipelineException;

/** The header row cannot be used: a column is missing or repeated, or the file is not CSV. */
public final class InvalidHeaderException extends PipelineException {

    private static final long serialVersionUID = 2L;

    public InvalidHeaderException(String message) {
        super(ErrorCode.INVALID_HEADER, "invalid header: " + message, 1L, null);
    }
}

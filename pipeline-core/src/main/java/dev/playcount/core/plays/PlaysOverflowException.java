package dev.playcount.core.plays;

import dev.playcount.core.csv.Fields;
import dev.playcount.core.error.PipelineException;

/** A total that does not fit in 64 bits: the run fails rather than print a wrong number. */
public final class PlaysOverflowException extends PipelineException {

    private static final long serialVersionUID = 2L;

    private PlaysOverflowException(String message) {
        super(message);
    }

    public static PlaysOverflowException of(String song, int day) {
        return new PlaysOverflowException(
                "the total plays of '"
                        + song
                        + "' on "
                        + Fields.formatDay(day)
                        + " exceed 9223372036854775807 (64-bit overflow)");
    }
}

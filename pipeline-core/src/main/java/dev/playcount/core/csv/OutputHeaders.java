package dev.playcount.core.csv;

/** The header lines of the files a run writes (the data contract's output format). */
public final class OutputHeaders {

    public static final String RESULT = "Song,Date,Total Number of Plays for Date";
    public static final String REJECTS = "Line,Reason,Row";

    private OutputHeaders() {}
}

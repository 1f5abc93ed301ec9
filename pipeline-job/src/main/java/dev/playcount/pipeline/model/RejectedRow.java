package dev.playcount.pipeline.model;

/** An input row left out of the totals: its 1-based line, why, and its text (cut). */
public class RejectedRow {

    public long line;
    public String reason;
    public String row;

    public RejectedRow() {}

    public RejectedRow(long line, String reason, String row) {
        this.line = line;
        this.reason = reason;
        this.row = row;
    }

    /** The one-line message of a run that fails on this row. */
    public String message() {
        return "line " + line + ": " + reason + ": " + row;
    }
}

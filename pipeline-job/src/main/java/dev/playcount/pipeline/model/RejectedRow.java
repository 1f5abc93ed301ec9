package dev.playcount.pipeline.model;

/**
 * An input row left out of the totals: its 1-based line, why, and its text (cut), and the first
 * line of the split it was found in. Under the {@code fail} policy the same type also says that a
 * split was read to its end with no invalid row ({@link #checked}), so the job can fail at the
 * first invalid row of the file as soon as every line before it was checked, not at end of input
 * (an upload that is still arriving ends at once).
 */
public class RejectedRow {

    public long line;
    public String reason;
    public String row;
    public long splitFirstLine;

    public RejectedRow() {}

    public RejectedRow(long line, String reason, String row, long splitFirstLine) {
        this(line, reason, row);
        this.splitFirstLine = splitFirstLine;
    }

    /** Lines {@code [firstLine, endLine)} of the input hold no invalid row. */
    public static RejectedRow checked(long firstLine, long endLine) {
        return new RejectedRow(endLine, null, null, firstLine);
    }

    /** Whether this says that a range of lines is valid, rather than naming an invalid row. */
    public boolean isChecked() {
        return reason == null;
    }

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

package dev.playcount.core.csv;

/**
 * One CSV record found by {@link CsvRecordParser}: field boundaries inside the caller's buffer.
 *
 * <p>Mutable and reused for every record, so the hot path allocates nothing per row.
 */
public final class CsvRecord {

    /** Why a record could not be split into fields; {@link #NONE} when it could. */
    public enum Malformation {
        NONE(""),
        QUOTE_IN_UNQUOTED_FIELD("a quote inside an unquoted field"),
        TEXT_AFTER_CLOSING_QUOTE("text after a closing quote"),
        UNCLOSED_QUOTE("a quoted field is not closed before the end of the file");

        private final String description;

        Malformation(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private int[] starts;
    private int[] ends;
    private boolean[] escaped;
    int fieldCount;
    int recordStart;
    int contentEnd;
    int lineFeeds;
    Malformation malformation = Malformation.NONE;
    int malformedField;

    public CsvRecord(int expectedFields) {
        int capacity = Math.max(4, expectedFields + 1);
        starts = new int[capacity];
        ends = new int[capacity];
        escaped = new boolean[capacity];
    }

    void reset(int start) {
        fieldCount = 0;
        recordStart = start;
        contentEnd = start;
        lineFeeds = 0;
        malformation = Malformation.NONE;
        malformedField = 0;
    }

    void addField(int start, int end, boolean hasEscapedQuotes) {
        if (fieldCount == starts.length) {
            grow();
        }
        starts[fieldCount] = start;
        ends[fieldCount] = end;
        escaped[fieldCount] = hasEscapedQuotes;
        fieldCount++;
    }

    void malformed(Malformation what, int field) {
        malformation = what;
        malformedField = field;
    }

    private void grow() {
        int capacity = starts.length * 2;
        starts = java.util.Arrays.copyOf(starts, capacity);
        ends = java.util.Arrays.copyOf(ends, capacity);
        escaped = java.util.Arrays.copyOf(escaped, capacity);
    }

    public int fieldCount() {
        return fieldCount;
    }

    /** Start of field {@code i} (0-based), after an opening quote. */
    public int start(int i) {
        return starts[i];
    }

    /** End (exclusive) of field {@code i}, before a closing quote. */
    public int end(int i) {
        return ends[i];
    }

    /** Whether field {@code i} holds doubled quotes that must be collapsed. */
    public boolean escaped(int i) {
        return escaped[i];
    }

    public int recordStart() {
        return recordStart;
    }

    /** End of the record's content, without its line ending. */
    public int contentEnd() {
        return contentEnd;
    }

    /** Line feeds inside quoted fields of this record (not its terminator). */
    public int lineFeeds() {
        return lineFeeds;
    }

    public Malformation malformation() {
        return malformation;
    }

    /** 1-based column where the record stopped being well-formed. */
    public int malformedField() {
        return malformedField;
    }

    /** An empty line (or one holding only a CR). */
    public boolean isBlank() {
        return malformation == Malformation.NONE
                && fieldCount == 1
                && starts[0] == ends[0]
                && contentEnd == recordStart;
    }
}

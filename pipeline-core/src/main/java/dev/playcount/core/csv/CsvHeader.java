package dev.playcount.core.csv;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The header row: where the three columns the job needs are, and the raw bytes used to spot the
 * header repeated mid-file (files joined with {@code cat}).
 */
public final class CsvHeader implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String SONG = "Song";
    public static final String DATE = "Date";
    public static final String PLAYS = "Number of Plays";

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int columns;
    private final int song;
    private final int date;
    private final int plays;
    private final byte[] raw;

    private CsvHeader(int columns, int song, int date, int plays, byte[] raw) {
        this.columns = columns;
        this.song = song;
        this.date = date;
        this.plays = plays;
        this.raw = raw;
    }

    /** Length of the UTF-8 byte order mark at {@code start}, or 0. */
    public static int bomLength(byte[] b, int start, int limit) {
        return limit - start >= 3
                        && b[start] == BOM[0]
                        && b[start + 1] == BOM[1]
                        && b[start + 2] == BOM[2]
                ? 3
                : 0;
    }

    /**
     * Reads the header from the start of a file.
     *
     * @param b the first bytes of the file, holding at least the whole header record
     * @param limit how many bytes of {@code b} are valid
     * @param eof whether {@code limit} is the end of the file
     * @throws InvalidHeaderException when a column is missing, repeated or the separator is wrong
     */
    public static CsvHeader read(byte[] b, int limit, boolean eof) {
        CsvHeader header = tryRead(b, limit, eof);
        if (header == null) {
            throw new InvalidHeaderException(
                    "the header row is longer than " + limit + " bytes; is this a CSV file?");
        }
        return header;
    }

    /**
     * Reads the header from the first bytes of a file that may still be arriving.
     *
     * @return the header, or null when {@code b} ends before the header row does (and not at eof)
     * @throws InvalidHeaderException when a column is missing, repeated or the separator is wrong
     */
    public static CsvHeader tryRead(byte[] b, int limit, boolean eof) {
        if (limit >= 2
                && ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE)
                        || (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF))) {
            throw new InvalidHeaderException(
                    "the file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8 in spreadsheet apps)");
        }
        int start = bomLength(b, 0, limit);
        if (start == limit && eof) {
            throw new InvalidHeaderException(
                    "the file is empty: expected a header row with the columns Song, Date, Number"
                            + " of Plays");
        }
        CsvRecord record = new CsvRecord(16);
        int next = CsvRecordParser.parse(b, start, limit, eof, record);
        if (next == CsvRecordParser.NEED_MORE) {
            return null;
        }
        if (record.malformation() != CsvRecord.Malformation.NONE) {
            throw new InvalidHeaderException(
                    "the header row is not valid CSV: " + record.malformation().description());
        }
        if (!Fields.isUtf8(b, start, record.contentEnd())) {
            throw new InvalidHeaderException(
                    "the header row is not valid UTF-8 (line 1); save the file as UTF-8");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < record.fieldCount(); i++) {
            names.add(FieldText.decode(b, record, i));
        }
        return fromNames(names, Arrays.copyOfRange(b, start, record.contentEnd()));
    }

    static CsvHeader fromNames(List<String> names, byte[] raw) {
        int song = indexOf(names, SONG);
        int date = indexOf(names, DATE);
        int plays = indexOf(names, PLAYS);
        List<String> missing = new ArrayList<>();
        if (song < 0) {
            missing.add(SONG);
        }
        if (date < 0) {
            missing.add(DATE);
        }
        if (plays < 0) {
            missing.add(PLAYS);
        }
        if (!missing.isEmpty()) {
            String found = String.join(",", names);
            String hint = "";
            if (names.size() == 1 && found.contains(";")) {
                hint = " (the file looks ';'-separated; columns must be separated by commas)";
            } else if (names.size() == 1 && found.contains("\t")) {
                hint = " (the file looks tab-separated; columns must be separated by commas)";
            }
            throw new InvalidHeaderException(
                    "the header misses the column"
                            + (missing.size() > 1 ? "s " : " ")
                            + String.join(", ", missing)
                            + hint
                            + "; found: "
                            + Rows.cut(found));
        }
        return new CsvHeader(names.size(), song, date, plays, raw);
    }

    private static int indexOf(List<String> names, String wanted) {
        int found = -1;
        String key = wanted.toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).strip().toLowerCase(Locale.ROOT).equals(key)) {
                if (found >= 0) {
                    throw new InvalidHeaderException(
                            "the header names the column " + wanted + " twice");
                }
                found = i;
            }
        }
        return found;
    }

    public int columns() {
        return columns;
    }

    public int song() {
        return song;
    }

    public int date() {
        return date;
    }

    public int plays() {
        return plays;
    }

    /** Whether the record's content is the header again, byte for byte (a BOM aside). */
    public boolean isRepeatedBy(byte[] b, int start, int contentEnd) {
        start += bomLength(b, start, contentEnd);
        return contentEnd - start == raw.length
                && Arrays.equals(b, start, contentEnd, raw, 0, raw.length);
    }

    @Override
    public String toString() {
        return new String(raw, StandardCharsets.UTF_8);
    }
}

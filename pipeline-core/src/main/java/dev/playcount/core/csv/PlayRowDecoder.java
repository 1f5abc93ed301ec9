package dev.playcount.core.csv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Applies the data contract to one record: a song, an existing date, a whole number of plays.
 *
 * <p>Results are left in public fields rather than returned as objects, because this runs once per
 * input row and the song bytes stay in the caller's buffer unless quotes had to be collapsed.
 */
public final class PlayRowDecoder {

    /** What a record turned out to be. */
    public enum Kind {
        ROW,
        BLANK,
        REPEATED_HEADER,
        INVALID
    }

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final CsvHeader header;

    /**
     * The song as written: {@code songLength} bytes of {@code songBytes} from {@code songStart},
     * doubled quotes not yet collapsed; they name the song uniquely all the same.
     */
    public byte[] songBytes;

    public int songStart;
    public int songLength;

    private boolean songEscaped;

    /** The date as {@code yyyyMMdd}. */
    public int day;

    public long plays;

    /** Why the record is invalid. */
    public String reason;

    public PlayRowDecoder(CsvHeader header) {
        this.header = header;
    }

    public Kind decode(byte[] b, CsvRecord r) {
        if (r.malformation() != CsvRecord.Malformation.NONE) {
            return invalid(
                    "malformed CSV in column "
                            + r.malformedField()
                            + ": "
                            + r.malformation().description());
        }
        if (r.fieldCount() != header.columns()) {
            if (r.isBlank()) {
                return Kind.BLANK;
            }
            return invalid(
                    "expected "
                            + header.columns()
                            + " fields as in the header, found "
                            + r.fieldCount());
        }
        if (header.isRepeatedBy(b, r.recordStart(), r.contentEnd())) {
            return Kind.REPEATED_HEADER;
        }
        int songField = header.song();
        int start = r.start(songField);
        int end = r.end(songField);
        if (start == end) {
            return invalid("Song is empty");
        }
        // kept as written between the quotes (doubled quotes stay doubled): see song()
        songBytes = b;
        songStart = start;
        songLength = end - start;
        songEscaped = r.escaped(songField);
        if (!isAscii(songBytes, songStart, songStart + songLength)
                && !Fields.isUtf8(songBytes, songStart, songStart + songLength)) {
            return invalid("Song is not valid UTF-8");
        }
        int dateField = header.date();
        day = Fields.parseDay(b, r.start(dateField), r.end(dateField));
        if (day == Fields.NOT_A_DATE) {
            return invalid(
                    "Date '"
                            + text(b, r, dateField)
                            + "' is not an existing date in the form yyyy-MM-dd");
        }
        int playsField = header.plays();
        plays = Fields.parsePlays(b, r.start(playsField), r.end(playsField));
        if (plays == Fields.NOT_A_NUMBER) {
            return invalid(
                    "Number of Plays '" + text(b, r, playsField) + "' is not a whole number");
        }
        if (plays == Fields.TOO_LARGE) {
            return invalid(
                    "Number of Plays '"
                            + text(b, r, playsField)
                            + "' is larger than 9223372036854775807");
        }
        return Kind.ROW;
    }

    /** The song's text, doubled quotes made single. */
    public String song() {
        byte[] out = new byte[songLength];
        int n = FieldText.unescape(songBytes, songStart, songStart + songLength, out);
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The song's UTF-8 bytes in an array of their own, doubled quotes made single. */
    public byte[] songUtf8() {
        if (songEscaped) {
            byte[] out = new byte[songLength];
            return Arrays.copyOf(
                    out, FieldText.unescape(songBytes, songStart, songStart + songLength, out));
        }
        return Arrays.copyOfRange(songBytes, songStart, songStart + songLength);
    }

    private Kind invalid(String why) {
        reason = why;
        return Kind.INVALID;
    }

    private static String text(byte[] b, CsvRecord r, int field) {
        return Rows.cut(
                new String(
                        b,
                        r.start(field),
                        Math.min(r.end(field) - r.start(field), Rows.MAX_SHOWN),
                        StandardCharsets.UTF_8));
    }

    private static boolean isAscii(byte[] b, int start, int end) {
        int i = start;
        for (; i + 8 <= end; i += 8) {
            if (((long) LONGS.get(b, i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}

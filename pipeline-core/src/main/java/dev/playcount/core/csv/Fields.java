package dev.playcount.core.csv;

/** Byte-level parsers for the Date and Number of Plays fields and a UTF-8 check for Song. */
public final class Fields {

    /** {@link #parsePlays} result for text that is not a whole number. */
    public static final long NOT_A_NUMBER = -1;

    /** {@link #parsePlays} result for a whole number above {@link Long#MAX_VALUE}. */
    public static final long TOO_LARGE = -2;

    /** {@link #parseDay} result for text that is not an existing yyyy-MM-dd date. */
    public static final int NOT_A_DATE = -1;

    private static final int[] DAYS_IN_MONTH = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private Fields() {}

    /** Digits only, no sign or spaces, 0 to 9223372036854775807. */
    public static long parsePlays(byte[] b, int start, int end) {
        if (start == end) {
            return NOT_A_NUMBER;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_NUMBER;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                for (int j = i + 1; j < end; j++) {
                    if (b[j] < '0' || b[j] > '9') {
                        return NOT_A_NUMBER;
                    }
                }
                return TOO_LARGE;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * An ISO date {@code yyyy-MM-dd} that exists in the (proleptic Gregorian) calendar, packed as
     * the int {@code yyyyMMdd}, which sorts like the date and prints back without a lookup.
     */
    public static int parseDay(byte[] b, int start, int end) {
        if (end - start != 10 || b[start + 4] != '-' || b[start + 7] != '-') {
            return NOT_A_DATE;
        }
        int y1 = b[start] - '0';
        int y2 = b[start + 1] - '0';
        int y3 = b[start + 2] - '0';
        int y4 = b[start + 3] - '0';
        int m1 = b[start + 5] - '0';
        int m2 = b[start + 6] - '0';
        int d1 = b[start + 8] - '0';
        int d2 = b[start + 9] - '0';
        // unrolled: this runs once per input row
        if ((y1 | y2 | y3 | y4 | m1 | m2 | d1 | d2) < 0
                || y1 > 9
                || y2 > 9
                || y3 > 9
                || y4 > 9
                || m1 > 9
                || m2 > 9
                || d1 > 9
                || d2 > 9) {
            return NOT_A_DATE;
        }
        int year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
        int month = m1 * 10 + m2;
        int day = d1 * 10 + d2;
        if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month]) {
            return NOT_A_DATE;
        }
        if (month == 2 && day == 29 && !isLeap(year)) {
            return NOT_A_DATE;
        }
        return year * 10000 + month * 100 + day;
    }

    private static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    /** Formats a packed {@code yyyyMMdd} day as {@code yyyy-MM-dd}. */
    public static String formatDay(int packed) {
        char[] c = new char[10];
        writeDay(packed, c);
        return new String(c);
    }

    static void writeDay(int packed, char[] c) {
        int year = packed / 10000;
        int month = packed / 100 % 100;
        int day = packed % 100;
        c[0] = (char) ('0' + year / 1000);
        c[1] = (char) ('0' + year / 100 % 10);
        c[2] = (char) ('0' + year / 10 % 10);
        c[3] = (char) ('0' + year % 10);
        c[4] = '-';
        c[5] = (char) ('0' + month / 10);
        c[6] = (char) ('0' + month % 10);
        c[7] = '-';
        c[8] = (char) ('0' + day / 10);
        c[9] = (char) ('0' + day % 10);
    }

    /**
     * Whether the bytes are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
     */
    public static boolean isUtf8(byte[] b, int start, int end) {
        int i = start;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + need >= end) {
                return false;
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cont = b[i + k] & 0xFF;
                if ((cont & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cont & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }
}

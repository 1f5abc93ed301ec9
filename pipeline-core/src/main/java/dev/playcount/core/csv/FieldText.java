package dev.playcount.core.csv;

import java.nio.charset.StandardCharsets;

/** Turns field bytes into text, collapsing doubled quotes. */
public final class FieldText {

    private FieldText() {}

    public static String decode(byte[] b, CsvRecord record, int field) {
        int start = record.start(field);
        int end = record.end(field);
        if (!record.escaped(field)) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[end - start];
        return new String(out, 0, unescape(b, start, end, out), StandardCharsets.UTF_8);
    }

    /**
     * Copies the field into {@code out} with each doubled quote made single; returns the length.
     */
    public static int unescape(byte[] b, int start, int end, byte[] out) {
        int n = 0;
        for (int i = start; i < end; i++) {
            out[n++] = b[i];
            if (b[i] == '"') {
                i++; // the second quote of the pair
            }
        }
        return n;
    }
}

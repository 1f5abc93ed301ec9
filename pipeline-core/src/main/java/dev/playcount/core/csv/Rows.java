package dev.playcount.core.csv;

import java.nio.charset.StandardCharsets;

/** Renders rows for error messages and rejects files. */
public final class Rows {

    /** Rows quoted in messages are cut to this many characters. */
    public static final int MAX_SHOWN = 200;

    private Rows() {}

    public static String cut(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }

    /** The row as text, invalid UTF-8 replaced, cut for display. */
    public static String show(byte[] b, int start, int end) {
        int shown = Math.min(end - start, MAX_SHOWN * 4);
        return cut(new String(b, start, shown, StandardCharsets.UTF_8));
    }
}

package dev.playcount.gateway.task;

/**
 * A client's text (a file name) as it may reach a log line or a Flink job's name: without control
 * characters (CR and LF forge log lines), format characters (the bidi overrides and isolates that
 * make {@code evil\u202Evsc.csv} read as {@code evilcsv.exe}, zero-width characters) and line or
 * paragraph separators. The task keeps the name as given, for display.
 */
public final class LogSafeText {

    /** Enough to tell files apart in a log; the whole name is in the task. */
    static final int MAX_LENGTH = 255;

    private LogSafeText() {}

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        text.codePoints()
                .filter(LogSafeText::printable)
                .limit(MAX_LENGTH)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.PRIVATE_USE ->
                    false;
            default -> true;
        };
    }
}

package dev.playcount.pipeline.source;

/**
 * Split ids that carry the split's first line number, so readers report absolute line numbers
 * without the split type (and its serializer) having to change.
 */
final class SplitIds {

    private SplitIds() {}

    static String of(int index, long firstLine) {
        return index + "@" + firstLine;
    }

    static long firstLine(String splitId) {
        int at = splitId.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("split id without a line number: " + splitId);
        }
        return Long.parseLong(splitId.substring(at + 1));
    }
}

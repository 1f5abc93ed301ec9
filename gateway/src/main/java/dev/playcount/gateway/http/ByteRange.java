package dev.playcount.gateway.http;

import io.javalin.http.HttpStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of a file, from a {@code Range: bytes=...} header (a single range only). */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /**
     * The range asked for, or null to send the whole file (no header, or several ranges, which
     * servers may answer with the whole file).
     */
    static ByteRange parse(String header, long size) {
        if (header == null || header.contains(",")) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            first = Math.max(0, size - suffix);
            last = size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        }
        if (first >= size || first > last) {
            throw new ApiException(
                    HttpStatus.RANGE_NOT_SATISFIABLE.getCode(),
                    "range_not_satisfiable",
                    "the range " + header + " is outside the file's " + size + " bytes");
        }
        return new ByteRange(first, last);
    }
}

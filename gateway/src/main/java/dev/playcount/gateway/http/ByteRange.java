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
     * The range asked for, or null to send the whole file. RFC 9110 (14.2) lets a server ignore a
     * Range it does not take: no header, several ranges, another unit, a syntactically invalid
     * range ({@code bytes=5-1}) or numbers too large to be an offset all get the whole file, 200.
     *
     * @throws ApiException 416 when the range is valid but starts at or past the file's end (or is
     *     the empty suffix {@code bytes=-0}); the caller adds {@code Content-Range: bytes *}{@code
     *     /size}
     */
    static ByteRange parse(String header, long size) {
        if (header == null || header.contains(",")) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        Long first = number(m.group(1));
        Long last = number(m.group(2));
        if (first == null || last == null) {
            return null; // past Long.MAX_VALUE: no offset of any file
        }
        if (first < 0) {
            // a suffix: the last N bytes
            if (last == 0 || size == 0) {
                throw unsatisfiable(header, size);
            }
            return new ByteRange(Math.max(0, size - last), size - 1);
        }
        if (last >= 0 && last < first) {
            return null;
        }
        if (first >= size) {
            throw unsatisfiable(header, size);
        }
        return new ByteRange(first, last < 0 ? size - 1 : Math.min(last, size - 1));
    }

    /** The number, -1 when absent, null when it does not fit a long. */
    private static Long number(String digits) {
        if (digits.isEmpty()) {
            return -1L;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ApiException unsatisfiable(String header, long size) {
        return new ApiException(
                HttpStatus.RANGE_NOT_SATISFIABLE.getCode(),
                "range_not_satisfiable",
                "the range " + header.strip() + " is outside the file's " + size + " bytes");
    }
}

package dev.playcount.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small streaming RFC 4180 reader, independent of the pipeline's parser so it can judge it:
 * quoted fields with doubled quotes and line breaks, LF or CRLF endings, blank lines skipped.
 */
final class CsvScanner implements AutoCloseable {

    private final InputStream in;
    private final byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private byte[] field = new byte[256];
    private int fieldLength;

    CsvScanner(InputStream in) {
        this.in = in;
    }

    /** The next non-blank record's fields, or null at the end of the input. */
    List<String> next() throws IOException {
        while (true) {
            List<String> fields = new ArrayList<>(4);
            boolean any = false;
            fieldLength = 0;
            boolean quoted = false;
            boolean wasQuoted = false;
            int c;
            while ((c = read()) >= 0) {
                any = true;
                if (quoted) {
                    if (c == '"') {
                        if (peek() == '"') {
                            read();
                            append(c);
                        } else {
                            quoted = false;
                        }
                    } else {
                        append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',') {
                    fields.add(take());
                    wasQuoted = false;
                } else if (c == '\n') {
                    break;
                } else if (c == '\r' && peek() == '\n') {
                    continue;
                } else {
                    append(c);
                }
            }
            if (!any) {
                return null;
            }
            if (fields.isEmpty() && fieldLength == 0 && !wasQuoted) {
                continue; // a blank line
            }
            fields.add(take());
            return fields;
        }
    }

    private String take() {
        String s = new String(field, 0, fieldLength, StandardCharsets.UTF_8);
        fieldLength = 0;
        return s;
    }

    private void append(int c) {
        if (fieldLength == field.length) {
            field = java.util.Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLength++] = (byte) c;
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xFF;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

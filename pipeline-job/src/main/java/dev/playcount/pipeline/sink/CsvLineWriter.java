package dev.playcount.pipeline.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes CSV lines as the output contract wants them: UTF-8, LF endings, a field quoted only when
 * it holds a comma, quote, CR or LF, quotes doubled.
 *
 * <p>Hand-written rather than Jackson's CsvGenerator (what flink-csv writes with), whose quoting
 * heuristics also quote other values (leading spaces, a leading '#'), breaking byte-identical
 * output; it is a dozen lines on the result's hot path.
 */
final class CsvLineWriter {

    private final OutputStream out;
    private byte[] buf = new byte[64 * 1024];
    private int size;
    private boolean lineStarted;

    CsvLineWriter(OutputStream out) {
        this.out = out;
    }

    CsvLineWriter field(String value) throws IOException {
        separate();
        if (needsQuotes(value)) {
            put((byte) '"');
            putText(value.replace("\"", "\"\""));
            put((byte) '"');
        } else {
            putText(value);
        }
        return this;
    }

    CsvLineWriter field(long value) throws IOException {
        separate();
        putAscii(Long.toString(value));
        return this;
    }

    CsvLineWriter plainField(String asciiWithoutSpecials) throws IOException {
        separate();
        putAscii(asciiWithoutSpecials);
        return this;
    }

    void endLine() throws IOException {
        put((byte) '\n');
        lineStarted = false;
        if (size > buf.length - 1024) {
            flush();
        }
    }

    void flush() throws IOException {
        out.write(buf, 0, size);
        size = 0;
        out.flush();
    }

    static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private void separate() throws IOException {
        if (lineStarted) {
            put((byte) ',');
        }
        lineStarted = true;
    }

    private void putText(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void putAscii(String text) throws IOException {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buf[size++] = (byte) text.charAt(i);
        }
    }

    private void put(byte b) throws IOException {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int n) throws IOException {
        if (size + n > buf.length) {
            out.write(buf, 0, size);
            size = 0;
            if (n > buf.length) {
                buf = new byte[n];
            }
        }
    }
}

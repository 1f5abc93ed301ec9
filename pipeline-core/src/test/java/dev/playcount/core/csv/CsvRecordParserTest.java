package dev.playcount.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRecordParserTest {

    /** Parses all records of {@code text} at once, as field lists. */
    private static List<List<String>> records(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        CsvRecord r = new CsvRecord(3);
        List<List<String>> out = new ArrayList<>();
        int pos = 0;
        while (pos < b.length) {
            int next = CsvRecordParser.parse(b, pos, b.length, true, r);
            List<String> fields = new ArrayList<>();
            if (r.malformation() != CsvRecord.Malformation.NONE) {
                fields.add("!" + r.malformation() + "@" + r.malformedField());
            } else {
                for (int i = 0; i < r.fieldCount(); i++) {
                    fields.add(FieldText.decode(b, r, i));
                }
            }
            out.add(fields);
            pos = next;
        }
        return out;
    }

    @Test
    void splitsPlainFieldsAndLines() {
        assertThat(records("a,b,c\nd,e,f\n"))
                .containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"));
    }

    @Test
    void lastLineMayLackALineEnding() {
        assertThat(records("a,b\nc,d")).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void crlfAndLfMixInOneFile() {
        assertThat(records("a,b\r\nc,d\ne,f\r\n"))
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"));
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndNewlines() {
        assertThat(
                        records(
                                "\"Take Me Home, Country Roads\",1\n"
                                        + "\"say \"\"hi\"\"\",2\n"
                                        + "\"two\r\n"
                                        + "lines\",3\n"))
                .containsExactly(
                        List.of("Take Me Home, Country Roads", "1"),
                        List.of("say \"hi\"", "2"),
                        List.of("two\r\nlines", "3"));
    }

    @Test
    void quotedFieldFollowedByCrlf() {
        assertThat(records("\"a\",\"b\"\r\n\"c\",\"d\""))
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void emptyFieldsAndEmptyQuotedFields() {
        assertThat(records(",\"\",\n")).containsExactly(List.of("", "", ""));
    }

    @Test
    void countsLineFeedsInsideQuotes() {
        byte[] b = "\"a\nb\nc\",1\nnext,2\n".getBytes(StandardCharsets.UTF_8);
        CsvRecord r = new CsvRecord(2);
        int next = CsvRecordParser.parse(b, 0, b.length, true, r);
        assertThat(r.lineFeeds()).isEqualTo(2);
        assertThat(new String(b, next, 4, StandardCharsets.UTF_8)).isEqualTo("next");
    }

    @Test
    void blankLinesAreBlank() {
        byte[] b = "\n\r\nx\n".getBytes(StandardCharsets.UTF_8);
        CsvRecord r = new CsvRecord(2);
        int next = CsvRecordParser.parse(b, 0, b.length, true, r);
        assertThat(r.isBlank()).isTrue();
        next = CsvRecordParser.parse(b, next, b.length, true, r);
        assertThat(r.isBlank()).isTrue();
        CsvRecordParser.parse(b, next, b.length, true, r);
        assertThat(r.isBlank()).isFalse();
    }

    @Test
    void quoteInsideUnquotedFieldIsMalformedAndFollowsQuoteParity() {
        // the stray quote opens a quoted region, so the first line feed does not end the record
        assertThat(records("ab\"c,1\nd\",2\nok,3\n"))
                .containsExactly(List.of("!QUOTE_IN_UNQUOTED_FIELD@1"), List.of("ok", "3"));
    }

    @Test
    void textAfterClosingQuoteIsMalformed() {
        assertThat(records("a,\"b\"c,1\nok,2\n"))
                .containsExactly(List.of("!TEXT_AFTER_CLOSING_QUOTE@2"), List.of("ok", "2"));
    }

    @Test
    void unclosedQuoteAtEndOfFileIsMalformed() {
        assertThat(records("ok,1\n\"never closed,2\n"))
                .containsExactly(List.of("ok", "1"), List.of("!UNCLOSED_QUOTE@1"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 13})
    void asksForMoreWhenTheBufferEndsMidRecord(int cut) {
        byte[] b = "\"a,\"\"b\"\"\",2\r\nc,3\n".getBytes(StandardCharsets.UTF_8);
        CsvRecord r = new CsvRecord(2);
        if (cut < 13) {
            assertThat(CsvRecordParser.parse(b, 0, cut, false, r))
                    .isEqualTo(CsvRecordParser.NEED_MORE);
        }
        int next = CsvRecordParser.parse(b, 0, b.length, false, r);
        assertThat(next).isEqualTo(13);
        assertThat(FieldText.decode(b, r, 0)).isEqualTo("a,\"b\"");
        assertThat(FieldText.decode(b, r, 1)).isEqualTo("2");
    }

    @Test
    void recordBoundariesMatchQuoteParity() {
        // every record end is a line feed preceded by an even number of quotes since the start
        String text = "\"x\ny\",1\nab\"c,2\nd\",3\n\"e\"\"\nf\",4\nplain,5\n";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        CsvRecord r = new CsvRecord(2);
        int pos = 0;
        while (pos < b.length) {
            pos = CsvRecordParser.parse(b, pos, b.length, true, r);
            long quotes = text.substring(0, pos).chars().filter(c -> c == '"').count();
            assertThat(b[pos - 1]).isEqualTo((byte) '\n');
            assertThat(quotes % 2).isZero();
        }
    }
}

package dev.playcount.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogSafeTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    line feeds and returns  | a\\nb\\r\\nc.csv         | abc.csv
                    tabs and NUL            | a\\tb\\u0000c.csv        | abc.csv
                    escape sequences        | \\u001b[31mred.csv       | [31mred.csv
                    bidi override           | evil\\u202Evsc.csv       | evilvsc.csv
                    bidi isolates and marks | a\\u2066b\\u2069\\u200Fc.csv | abc.csv
                    zero width and BOM      | a\\u200Bb\\uFEFFc.csv    | abc.csv
                    line separators         | a\\u2028b\\u2029c.csv    | abc.csv
                    next line (C1)          | a\\u0085b.csv            | ab.csv
                    kept: accents, CJK      | Café 東京 (1).csv        | Café 東京 (1).csv
                    kept: emoji             | 🎵 plays.csv             | 🎵 plays.csv
                    """)
    void stripsWhatForgesOrReversesALogLine(String what, String escaped, String expected) {
        assertThat(LogSafeText.of(unescape(escaped))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aLongNameIsCutAndNullIsEmpty() {
        assertThat(LogSafeText.of("a".repeat(1000))).hasSize(LogSafeText.MAX_LENGTH);
        assertThat(LogSafeText.of(null)).isEmpty();
    }

    /** Java's escapes, written out in the table so it shows what each row holds. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
